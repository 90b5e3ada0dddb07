#include "store/postgres/postgres_tables.hpp"

#include <utility>

namespace kompass::store::postgres {
Result<std::vector<TableDescription>> describe_tables(Connection& db) {
  auto names = text_column(db, "SELECT table_name::text FROM information_schema.tables "
                               "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
                               "AND table_name::text <> 'schema_migrations'");
  if (!names) {
    return tl::unexpected(names.error());
  }
  std::vector<TableDescription> described;
  for (auto& name : *names) {
    described.push_back({std::move(name), {}, {}, {}, {}, {}});
  }
  for (auto& table : described) {
    auto columns = db.prepare("SELECT column_name::text, data_type::text, is_identity::text "
                              "FROM information_schema.columns "
                              "WHERE table_schema = current_schema() AND table_name::text = ?1 "
                              "ORDER BY ordinal_position");
    if (!columns) {
      return tl::unexpected(columns.error());
    }
    columns->bind(1, table.name);
    auto read = for_each_row(*columns, [&]() -> Result<void> {
      table.columns.push_back(columns->text(0));
      table.real.push_back(columns->text(1) == "double precision" || columns->text(1) == "real");
      if (columns->text(2) == "YES") {
        table.identity.push_back(columns->text(0));
      }
      return {};
    });
    if (!read) {
      return tl::unexpected(read.error());
    }
    auto key = text_column(db,
                           "SELECT k.column_name::text FROM information_schema.table_constraints c "
                           "JOIN information_schema.key_column_usage k ON k.constraint_schema = c.constraint_schema "
                           "AND k.constraint_name = c.constraint_name "
                           "WHERE c.table_schema = current_schema() AND c.table_name::text = ?1 "
                           "AND c.constraint_type = 'PRIMARY KEY' ORDER BY k.ordinal_position",
                           table.name);
    auto references = text_column(db,
                                  "SELECT r.relname::text FROM pg_constraint k "
                                  "JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid "
                                  "WHERE k.contype = 'f' AND t.relnamespace = current_schema()::text::regnamespace "
                                  "AND t.relname::text = ?1",
                                  table.name);
    if (!key || !references) {
      return tl::unexpected(!key ? key.error() : references.error());
    }
    table.primary_key = std::move(*key);
    table.references = std::move(*references);
  }
  return described;
}

Result<void> follow_copied_ids(Connection& db, const TableDescription& table) {
  for (const auto& column : table.identity) {
    auto moved = db.prepare("SELECT setval(pg_get_serial_sequence(?1, ?2), coalesce(max(" + quote_identifier(column) +
                            "), 0) + 1, false) FROM " + quote_identifier(table.name));
    if (!moved) {
      return tl::unexpected(moved.error());
    }
    moved->bind(1, quote_identifier(table.name)).bind(2, column);
    if (auto done = moved->run(); !done) {
      return done;
    }
  }
  return {};
}

Result<std::unique_ptr<Tables>> open_postgres_tables(const std::string& url) {
  auto db = Connection::open(url);
  if (!db) {
    return tl::unexpected(db.error());
  }
  return make_sql_tables(std::move(*db));
}

} // namespace kompass::store::postgres
