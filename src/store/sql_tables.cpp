#include "store/sql_tables.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "store/postgres/connection.hpp"
#include "store/postgres/postgres_tables.hpp"
#include "store/sql_store.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/sqlite_tables.hpp"

namespace kompass::store {
namespace {

// At most this many parameters in one multi-row INSERT (PostgreSQL's limit is 65,535, SQLite's 32,766).
constexpr std::size_t k_parameters_per_insert = 30000;

// Tables over `Connection` (see TableConnection); the backend-specific lines live in the connections and hooks.
template <TableConnection Connection>
class SqlTables final : public Tables {
public:
  explicit SqlTables(Connection db) : m_db(std::move(db)) {}

  ~SqlTables() override {
    if (m_db.in_transaction()) {
      (void)m_db.rollback();
    }
  }

  // A copy's write transaction takes the store's write lock, so it waits for the store's writers and they for it.
  Result<void> begin(Access access) override {
    return access == Access::write ? m_db.begin_write() : m_db.begin_read();
  }

  Result<void> end(Outcome outcome) override { return outcome == Outcome::commit ? m_db.commit() : m_db.rollback(); }

  Result<std::vector<TableShape>> shapes() override {
    auto described = describe_tables(m_db);
    if (!described) {
      return tl::unexpected(described.error());
    }
    std::vector<std::string> names;
    std::vector<std::pair<std::string, std::string>> references;
    std::map<std::string, TableDescription> tables;
    for (auto& table : *described) {
      names.push_back(table.name);
      for (const auto& referenced : table.references) {
        references.emplace_back(table.name, referenced);
      }
      auto name = table.name;
      tables[name] = std::move(table);
    }
    std::vector<TableShape> shapes;
    for (const auto& name : copy_order(names, references)) {
      shapes.push_back({name, tables[name].columns});
    }
    m_tables = std::move(tables);
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
    auto table = described(shape.name);
    if (!table) {
      return tl::unexpected(table.error());
    }
    std::string sql = "SELECT ";
    for (std::size_t i = 0; i < shape.columns.size(); ++i) {
      sql += (i > 0 ? ", " : "") + quote_identifier(shape.columns[i]);
    }
    sql += " FROM " + quote_identifier(shape.name) + " ORDER BY ";
    const auto& order = (*table)->primary_key.empty() ? shape.columns : (*table)->primary_key;
    for (std::size_t i = 0; i < order.size(); ++i) {
      sql += (i > 0 ? ", " : "") + quote_identifier(order[i]) + " NULLS FIRST";
    }
    auto query = m_db.prepare(sql);
    if (!query) {
      return tl::unexpected(query.error());
    }
    return collect_rows(*query, [&] {
      TableRow values;
      values.reserve(shape.columns.size());
      for (std::size_t i = 0; i < shape.columns.size(); ++i) {
        int column = static_cast<int>(i);
        if (query->is_null(column)) {
          values.emplace_back(std::nullopt);
        } else if (i < (*table)->real.size() && (*table)->real[i]) {
          // Each backend spells a double its own way ("1e+20", "-0"): the canonical text is the same on both.
          values.emplace_back(canonical_real(query->real(column)));
        } else {
          values.emplace_back(query->text(column));
        }
      }
      return values;
    });
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
    auto table = described(shape.name);
    if (!table) {
      return tl::unexpected(table.error());
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
    // Many rows per statement: one round trip (PostgreSQL) and one trigger program run (SQLite) per batch.
    const std::size_t width = std::max<std::size_t>(shape.columns.size(), 1);
    const std::size_t batch = std::max<std::size_t>(k_parameters_per_insert / width, 1);
    for (std::size_t first = 0; first < rows.size(); first += batch) {
      std::size_t last = std::min(rows.size(), first + batch);
      std::string sql = head;
      int parameter = 0;
      for (std::size_t r = first; r < last; ++r) {
        sql += r > first ? ", (" : "(";
        for (std::size_t i = 0; i < shape.columns.size(); ++i) {
          sql += (i > 0 ? ", ?" : "?") + std::to_string(++parameter);
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
          // Text takes the column's type: "12" becomes the integer 12 in an INTEGER column, a real in a REAL one.
          if (i < rows[r].size()) {
            statement->bind(parameter, rows[r][i]);
          } else {
            statement->bind_null(parameter);
          }
        }
      }
      if (auto inserted = statement->run(); !inserted) {
        return inserted;
      }
    }
    return follow_copied_ids(m_db, **table);
  }

private:
  // The catalogue's description of `name`, read with shapes() when not yet read.
  Result<const TableDescription*> described(const std::string& name) {
    if (!m_tables.contains(name)) {
      if (auto listed = shapes(); !listed) {
        return tl::unexpected(listed.error());
      }
    }
    auto found = m_tables.find(name);
    if (found == m_tables.end()) {
      return model::fail(model::ErrorKind::internal, "store_failed", {{"reason", "no table " + name}});
    }
    return &found->second;
  }

  Connection m_db;
  std::vector<TableShape> m_shapes;
  std::map<std::string, TableDescription> m_tables;
};

} // namespace

template <TableConnection Connection>
std::unique_ptr<Tables> make_sql_tables(Connection db) {
  return std::make_unique<SqlTables<Connection>>(std::move(db));
}

template std::unique_ptr<Tables> make_sql_tables(sqlite::Database db);
template std::unique_ptr<Tables> make_sql_tables(postgres::Connection db);

} // namespace kompass::store
