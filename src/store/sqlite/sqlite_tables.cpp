#include "store/sqlite/sqlite_tables.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace kompass::store::sqlite {
namespace {

bool is_real_type(std::string type) {
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::toupper(c); });
  return type.find("REAL") != std::string::npos || type.find("FLOA") != std::string::npos ||
         type.find("DOUB") != std::string::npos;
}

} // namespace

Result<std::vector<TableDescription>> describe_tables(Database& db) {
  auto names = text_column(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
                               "AND name <> 'schema_migrations'");
  if (!names) {
    return tl::unexpected(names.error());
  }
  std::vector<TableDescription> described;
  for (auto& name : *names) {
    described.push_back({std::move(name), {}, {}, {}, {}, {}});
  }
  for (auto& table : described) {
    auto columns = db.prepare("SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid");
    if (!columns) {
      return tl::unexpected(columns.error());
    }
    columns->bind(1, table.name);
    std::vector<std::pair<long, std::string>> key;
    auto read = for_each_row(*columns, [&]() -> Result<void> {
      table.columns.push_back(columns->text(0));
      table.real.push_back(is_real_type(columns->text(1)));
      if (auto position = columns->integer(2); position > 0) {
        key.emplace_back(position, columns->text(0));
      }
      return {};
    });
    if (!read) {
      return tl::unexpected(read.error());
    }
    std::sort(key.begin(), key.end());
    for (auto& [position, column] : key) {
      table.primary_key.push_back(std::move(column));
    }
    auto references = text_column(db, "SELECT \"table\" FROM pragma_foreign_key_list(?1)", table.name);
    if (!references) {
      return tl::unexpected(references.error());
    }
    table.references = std::move(*references);
  }
  return described;
}

Result<void> follow_copied_ids(Database&, const TableDescription&) { return {}; }

Result<std::unique_ptr<Tables>> open_sqlite_tables(const std::string& path) {
  auto db = Database::open(path);
  if (!db) {
    return tl::unexpected(db.error());
  }
  return make_sql_tables(std::move(*db));
}

} // namespace kompass::store::sqlite
