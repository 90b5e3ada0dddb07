#include "store/tables.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <system_error>

#include "store/postgres/postgres_tables.hpp"
#include "store/sqlite/sqlite_tables.hpp"

namespace kompass::store {

Result<std::unique_ptr<Tables>> open_tables(const std::string& location) {
  // open_store checks the location and applies pending migrations, so both sides have the current schema.
  if (auto opened = open_store(location); !opened) {
    return tl::unexpected(opened.error());
  }
  if (location.starts_with("postgresql://") || location.starts_with("postgres://")) {
    return postgres::open_postgres_tables(location);
  }
  return sqlite::open_sqlite_tables(location);
}

std::vector<std::string> copy_order(std::vector<std::string> tables,
                                    const std::vector<std::pair<std::string, std::string>>& references) {
  std::sort(tables.begin(), tables.end());
  std::map<std::string, std::set<std::string>> waiting_for;
  for (const auto& table : tables) {
    waiting_for[table];
  }
  for (const auto& [table, referenced] : references) {
    if (table != referenced && waiting_for.contains(table) && waiting_for.contains(referenced)) {
      waiting_for[table].insert(referenced);
    }
  }
  std::vector<std::string> order;
  std::set<std::string> placed;
  while (order.size() < tables.size()) {
    bool progressed = false;
    for (const auto& table : tables) {
      if (placed.contains(table) || table == "changes") {
        continue;
      }
      const auto& needs = waiting_for[table];
      if (std::all_of(needs.begin(), needs.end(), [&](const auto& name) { return placed.contains(name); })) {
        order.push_back(table);
        placed.insert(table);
        progressed = true;
        break;
      }
    }
    if (!progressed) {
      // A cycle of foreign keys (or only the change log left): place the rest by name.
      for (const auto& table : tables) {
        if (!placed.contains(table) && table != "changes") {
          order.push_back(table);
          placed.insert(table);
        }
      }
      if (waiting_for.contains("changes")) {
        order.push_back("changes");
      }
      break;
    }
  }
  return order;
}

std::string quote_identifier(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  return quoted + "\"";
}

std::string canonical_real(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc{} ? std::string(buffer, end) : std::string();
}

} // namespace kompass::store
