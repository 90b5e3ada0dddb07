#include "store/postgres/postgres_tables.hpp"

#include <utility>

namespace kompass::store::postgres {
Result<std::vector<TableDescription>> describe_tables(Connection& db) {
  auto tables = db.prepare("SELECT table_name::text FROM information_schema.tables "
                           "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
                           "AND table_name::text <> 'schema_migrations'");
  if (!tables) {
    return tl::unexpected(tables.error());
  }
  std::vector<TableDescription> described;
  auto listed = for_each_row(*tables, [&]() -> Result<void> {
    described.push_back({tables->text(0), {}, {}, {}, {}, {}});
    return {};
  });
  if (!listed) {
    return tl::unexpected(listed.error());
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
    auto key = db.prepare("SELECT k.column_name::text FROM information_schema.table_constraints c "
                          "JOIN information_schema.key_column_usage k ON k.constraint_schema = c.constraint_schema "
                          "AND k.constraint_name = c.constraint_name "
                          "WHERE c.table_schema = current_schema() AND c.table_name::text = ?1 "
                          "AND c.constraint_type = 'PRIMARY KEY' ORDER BY k.ordinal_position");
    if (!key) {
      return tl::unexpected(key.error());
    }
    key->bind(1, table.name);
    auto key_read = for_each_row(*key, [&]() -> Result<void> {
      table.primary_key.push_back(key->text(0));
      return {};
    });
    if (!key_read) {
      return tl::unexpected(key_read.error());
    }
    auto references = db.prepare("SELECT r.relname::text FROM pg_constraint k "
                                 "JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid "
                                 "WHERE k.contype = 'f' AND t.relnamespace = current_schema()::text::regnamespace "
                                 "AND t.relname::text = ?1");
    if (!references) {
      return tl::unexpected(references.error());
    }
    references->bind(1, table.name);
    auto references_read = for_each_row(*references, [&]() -> Result<void> {
      table.references.push_back(references->text(0));
      return {};
    });
    if (!references_read) {
      return tl::unexpected(references_read.error());
    }
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
