#include "store/postgres/postgres_tables.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "store/postgres/connection.hpp"

namespace kompass::store::postgres {
namespace {

// The advisory lock of the store's write transactions (PostgresStore's k_write_lock), so a copy waits for writers.
constexpr long long k_write_lock = 0x6b777269;

// At most this many parameters in one multi-row INSERT (the server's limit is 65,535).
constexpr std::size_t k_parameters_per_insert = 30000;

// What reading and writing a table needs beyond its shape.
struct TableDetail {
  std::vector<std::string> primary_key; // in key order
  std::vector<bool> real;               // per column: double precision (or real), read as a double
  std::vector<std::string> identity;    // identity columns, whose sequences follow copied ids
};

// The values of the first column of every row of `query`.
Result<std::vector<std::string>> first_column(Statement& query) {
  std::vector<std::string> values;
  while (true) {
    auto row = query.step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    if (!*row) {
      return values;
    }
    values.push_back(query.text(0));
  }
}

class PostgresTables : public Tables {
public:
  explicit PostgresTables(Connection db) : m_db(std::move(db)) {}

  ~PostgresTables() override {
    if (m_open) {
      (void)m_db.execute("ROLLBACK");
    }
  }

  Result<void> begin(Access access) override {
    auto begun = m_db.execute(access == Access::write ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                                                      : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (!begun) {
      return begun;
    }
    m_open = true;
    if (access == Access::write) {
      auto lock = m_db.prepare("SELECT pg_advisory_xact_lock($1)");
      if (!lock) {
        return tl::unexpected(lock.error());
      }
      lock->bind(1, k_write_lock);
      return lock->run();
    }
    return {};
  }

  Result<void> end(Outcome outcome) override {
    m_open = false;
    return outcome == Outcome::commit ? m_db.commit() : m_db.execute("ROLLBACK");
  }

  Result<std::vector<TableShape>> shapes() override {
    auto tables = m_db.prepare("SELECT table_name::text FROM information_schema.tables "
                               "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
                               "AND table_name::text <> 'schema_migrations'");
    if (!tables) {
      return tl::unexpected(tables.error());
    }
    auto names = first_column(*tables);
    if (!names) {
      return tl::unexpected(names.error());
    }
    std::vector<std::pair<std::string, std::string>> references;
    {
      auto query = m_db.prepare("SELECT t.relname::text, r.relname::text FROM pg_constraint k "
                                "JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid "
                                "WHERE k.contype = 'f' AND t.relnamespace = current_schema()::text::regnamespace");
      if (!query) {
        return tl::unexpected(query.error());
      }
      while (true) {
        auto row = query->step();
        if (!row) {
          return tl::unexpected(row.error());
        }
        if (!*row) {
          break;
        }
        references.emplace_back(query->text(0), query->text(1));
      }
    }
    std::vector<TableShape> shapes;
    for (const auto& name : copy_order(*names, references)) {
      TableShape shape{name, {}};
      TableDetail detail;
      auto columns = m_db.prepare("SELECT column_name::text, data_type::text, is_identity::text "
                                  "FROM information_schema.columns "
                                  "WHERE table_schema = current_schema() AND table_name::text = $1 "
                                  "ORDER BY ordinal_position");
      if (!columns) {
        return tl::unexpected(columns.error());
      }
      columns->bind(1, name);
      while (true) {
        auto row = columns->step();
        if (!row) {
          return tl::unexpected(row.error());
        }
        if (!*row) {
          break;
        }
        shape.columns.push_back(columns->text(0));
        detail.real.push_back(columns->text(1) == "double precision" || columns->text(1) == "real");
        if (columns->text(2) == "YES") {
          detail.identity.push_back(columns->text(0));
        }
      }
      auto key = m_db.prepare("SELECT k.column_name::text FROM information_schema.table_constraints c "
                              "JOIN information_schema.key_column_usage k ON k.constraint_schema = c.constraint_schema "
                              "AND k.constraint_name = c.constraint_name "
                              "WHERE c.table_schema = current_schema() AND c.table_name::text = $1 "
                              "AND c.constraint_type = 'PRIMARY KEY' ORDER BY k.ordinal_position");
      if (!key) {
        return tl::unexpected(key.error());
      }
      key->bind(1, name);
      auto key_columns = first_column(*key);
      if (!key_columns) {
        return tl::unexpected(key_columns.error());
      }
      detail.primary_key = std::move(*key_columns);
      m_details[name] = std::move(detail);
      shapes.push_back(std::move(shape));
    }
    m_shapes = shapes;
    return shapes;
  }

  Result<long long> count(const std::string& table) override {
    auto query = m_db.prepare("SELECT count(*) FROM " + quote_identifier(table));
    if (!query) {
      return tl::unexpected(query.error());
    }
    auto row = query->step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    return *row ? static_cast<long long>(query->integer(0)) : 0LL;
  }

  Result<std::vector<TableRow>> rows(const TableShape& shape) override {
    auto detail = detail_of(shape.name);
    if (!detail) {
      return tl::unexpected(detail.error());
    }
    std::string sql = "SELECT ";
    for (std::size_t i = 0; i < shape.columns.size(); ++i) {
      sql += (i > 0 ? ", " : "") + quote_identifier(shape.columns[i]);
    }
    sql += " FROM " + quote_identifier(shape.name) + " ORDER BY ";
    const auto& order = (*detail)->primary_key.empty() ? shape.columns : (*detail)->primary_key;
    for (std::size_t i = 0; i < order.size(); ++i) {
      sql += (i > 0 ? ", " : "") + quote_identifier(order[i]) + " NULLS FIRST";
    }
    auto query = m_db.prepare(sql);
    if (!query) {
      return tl::unexpected(query.error());
    }
    std::vector<TableRow> rows;
    while (true) {
      auto row = query->step();
      if (!row) {
        return tl::unexpected(row.error());
      }
      if (!*row) {
        break;
      }
      TableRow values;
      values.reserve(shape.columns.size());
      for (std::size_t i = 0; i < shape.columns.size(); ++i) {
        int column = static_cast<int>(i);
        if (query->is_null(column)) {
          values.emplace_back(std::nullopt);
        } else if (i < (*detail)->real.size() && (*detail)->real[i]) {
          // The server's text of a double is already shortest, but spelled its own way ("1e+20", "-0"): re-spell it.
          values.emplace_back(canonical_real(query->real(column)));
        } else {
          values.emplace_back(query->text(column));
        }
      }
      rows.push_back(std::move(values));
    }
    return rows;
  }

  Result<void> clear() override {
    if (m_shapes.empty()) {
      if (auto listed = shapes(); !listed) {
        return tl::unexpected(listed.error());
      }
    }
    for (auto shape = m_shapes.rbegin(); shape != m_shapes.rend(); ++shape) {
      if (auto deleted = m_db.execute("DELETE FROM " + quote_identifier(shape->name)); !deleted) {
        return deleted;
      }
    }
    // The triggers logged the deletions in the change log, which was emptied first.
    return m_db.execute("DELETE FROM changes");
  }

  Result<void> insert(const TableShape& shape, const std::vector<TableRow>& rows) override {
    auto detail = detail_of(shape.name);
    if (!detail) {
      return tl::unexpected(detail.error());
    }
    if (shape.name == "changes") {
      // The triggers have logged the copied rows as new changes: the source's log replaces them.
      if (auto deleted = m_db.execute("DELETE FROM changes"); !deleted) {
        return deleted;
      }
    }
    std::string head = "INSERT INTO " + quote_identifier(shape.name) + " (";
    for (std::size_t i = 0; i < shape.columns.size(); ++i) {
      head += (i > 0 ? ", " : "") + quote_identifier(shape.columns[i]);
    }
    head += ") VALUES ";
    const std::size_t width = std::max<std::size_t>(shape.columns.size(), 1);
    const std::size_t batch = std::max<std::size_t>(k_parameters_per_insert / width, 1);
    for (std::size_t first = 0; first < rows.size(); first += batch) {
      std::size_t last = std::min(rows.size(), first + batch);
      std::string sql = head;
      int parameter = 0;
      for (std::size_t r = first; r < last; ++r) {
        sql += r > first ? ", (" : "(";
        for (std::size_t i = 0; i < shape.columns.size(); ++i) {
          sql += (i > 0 ? ", $" : "$") + std::to_string(++parameter);
        }
        sql += ")";
      }
      auto statement = m_db.prepare(sql);
      if (!statement) {
        return tl::unexpected(statement.error());
      }
      parameter = 0;
      for (std::size_t r = first; r < last; ++r) {
        for (std::size_t i = 0; i < shape.columns.size(); ++i) {
          ++parameter;
          if (i < rows[r].size()) {
            statement->bind(parameter, rows[r][i]);
          }
        }
      }
      if (auto inserted = statement->run(); !inserted) {
        return inserted;
      }
    }
    for (const auto& column : (*detail)->identity) {
      // The next generated id follows the largest copied one.
      auto moved = m_db.prepare("SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(" +
                                quote_identifier(column) + "), 0) + 1, false) FROM " + quote_identifier(shape.name));
      if (!moved) {
        return tl::unexpected(moved.error());
      }
      moved->bind(1, quote_identifier(shape.name)).bind(2, column);
      if (auto done = moved->run(); !done) {
        return done;
      }
    }
    return {};
  }

private:
  Result<const TableDetail*> detail_of(const std::string& table) {
    if (!m_details.contains(table)) {
      if (auto listed = shapes(); !listed) {
        return tl::unexpected(listed.error());
      }
    }
    auto found = m_details.find(table);
    if (found == m_details.end()) {
      return model::fail(model::ErrorKind::internal, "store_failed", {{"reason", "no table " + table}});
    }
    return &found->second;
  }

  Connection m_db;
  bool m_open = false;
  std::vector<TableShape> m_shapes;
  std::map<std::string, TableDetail> m_details;
};

} // namespace

Result<std::unique_ptr<Tables>> open_postgres_tables(const std::string& url) {
  auto db = Connection::open(url);
  if (!db) {
    return tl::unexpected(db.error());
  }
  return std::unique_ptr<Tables>(std::make_unique<PostgresTables>(std::move(*db)));
}

} // namespace kompass::store::postgres
