#include "store/sqlite/sqlite_tables.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "store/sqlite/database.hpp"

namespace kompass::store::sqlite {
namespace {

// What reading and writing a table needs beyond its shape.
struct TableDetail {
  std::vector<std::string> primary_key; // in key order
  std::vector<bool> real;               // per column: declared REAL, read as a double
};

bool is_real_type(std::string type) {
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::toupper(c); });
  return type.find("REAL") != std::string::npos || type.find("FLOA") != std::string::npos ||
         type.find("DOUB") != std::string::npos;
}

class SqliteTables : public Tables {
public:
  explicit SqliteTables(Database db) : m_db(std::move(db)) {}

  ~SqliteTables() override {
    if (m_db.in_transaction()) {
      (void)m_db.execute("ROLLBACK");
    }
  }

  Result<void> begin(Access access) override {
    return m_db.execute(access == Access::write ? "BEGIN IMMEDIATE" : "BEGIN");
  }

  Result<void> end(Outcome outcome) override {
    return m_db.execute(outcome == Outcome::commit ? "COMMIT" : "ROLLBACK");
  }

  Result<std::vector<TableShape>> shapes() override {
    std::vector<std::string> names;
    {
      auto query = m_db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
                                "AND name <> 'schema_migrations'");
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
        names.push_back(query->text(0));
      }
    }
    std::vector<std::pair<std::string, std::string>> references;
    {
      auto query = m_db.prepare("SELECT m.name, f.\"table\" FROM sqlite_master m "
                                "JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'");
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
    for (const auto& name : copy_order(names, references)) {
      auto query = m_db.prepare("SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid");
      if (!query) {
        return tl::unexpected(query.error());
      }
      query->bind(1, name);
      TableShape shape{name, {}};
      TableDetail detail;
      std::vector<std::pair<long, std::string>> key;
      while (true) {
        auto row = query->step();
        if (!row) {
          return tl::unexpected(row.error());
        }
        if (!*row) {
          break;
        }
        shape.columns.push_back(query->text(0));
        detail.real.push_back(is_real_type(query->text(1)));
        if (auto position = query->integer(2); position > 0) {
          key.emplace_back(position, query->text(0));
        }
      }
      std::sort(key.begin(), key.end());
      for (auto& [position, column] : key) {
        detail.primary_key.push_back(std::move(column));
      }
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
    if (shape.name == "changes") {
      // The triggers have logged the copied rows as new changes: the source's log replaces them.
      if (auto deleted = m_db.execute("DELETE FROM changes"); !deleted) {
        return deleted;
      }
    }
    std::string sql = "INSERT INTO " + quote_identifier(shape.name) + " (";
    std::string values;
    for (std::size_t i = 0; i < shape.columns.size(); ++i) {
      sql += (i > 0 ? ", " : "") + quote_identifier(shape.columns[i]);
      values += (i > 0 ? ", ?" : "?") + std::to_string(i + 1);
    }
    sql += ") VALUES (" + values + ")";
    for (const auto& row : rows) {
      auto statement = m_db.prepare(sql);
      if (!statement) {
        return tl::unexpected(statement.error());
      }
      for (std::size_t i = 0; i < row.size(); ++i) {
        // Text takes the column's affinity: "12" becomes the integer 12 in an INTEGER column, a real in a REAL one.
        statement->bind(static_cast<int>(i + 1), row[i]);
      }
      if (auto inserted = statement->run(); !inserted) {
        return inserted;
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

  Database m_db;
  std::vector<TableShape> m_shapes;
  std::map<std::string, TableDetail> m_details;
};

} // namespace

Result<std::unique_ptr<Tables>> open_sqlite_tables(const std::string& path) {
  auto db = Database::open(path);
  if (!db) {
    return tl::unexpected(db.error());
  }
  return std::unique_ptr<Tables>(std::make_unique<SqliteTables>(std::move(*db)));
}

} // namespace kompass::store::sqlite
