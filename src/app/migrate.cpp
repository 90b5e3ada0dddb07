#include "app/migrate.hpp"

#include <sodium.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace kompass::app {
namespace {

using model::ErrorKind;

bool is_postgresql(const std::string& location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

// Reads every table of `source` and `target` (each in an open transaction) and compares them; the report holds the
// source's figures, and a difference fails naming the tables.
Result<MigrateReport> compare(store::Tables& source, store::Tables& target) {
  auto source_shapes = source.shapes();
  if (!source_shapes) {
    return tl::unexpected(source_shapes.error());
  }
  auto target_shapes = target.shapes();
  if (!target_shapes) {
    return tl::unexpected(target_shapes.error());
  }
  MigrateReport report;
  std::vector<std::string> differing;
  for (const auto& shape : *source_shapes) {
    auto source_rows = source.rows(shape);
    if (!source_rows) {
      return tl::unexpected(source_rows.error());
    }
    MigratedTable table{shape.name, static_cast<long long>(source_rows->size()), table_digest(*source_rows)};
    bool same = std::find(target_shapes->begin(), target_shapes->end(), shape) != target_shapes->end();
    if (same) {
      auto target_rows = target.rows(shape);
      if (!target_rows) {
        return tl::unexpected(target_rows.error());
      }
      same = target_rows->size() == source_rows->size() && table_digest(*target_rows) == table.digest;
    }
    if (!same) {
      differing.push_back(shape.name);
    }
    if (shape.name == "evaluations") {
      report.evaluations = table.rows;
    }
    report.tables.push_back(std::move(table));
  }
  for (const auto& shape : *target_shapes) {
    if (std::find(source_shapes->begin(), source_shapes->end(), shape) == source_shapes->end() &&
        std::find(differing.begin(), differing.end(), shape.name) == differing.end()) {
      differing.push_back(shape.name);
    }
  }
  if (!differing.empty()) {
    std::string tables;
    for (const auto& name : differing) {
      tables += (tables.empty() ? "" : ", ") + name;
    }
    return model::fail(ErrorKind::bad_input, "migrate_mismatch", {{"tables", tables}});
  }
  return report;
}

Result<MigrateReport> copy(store::Tables& source, store::Tables& target, store::Overwrite overwrite) {
  auto evaluations = target.count("evaluations");
  if (!evaluations) {
    return tl::unexpected(evaluations.error());
  }
  if (*evaluations > 0) {
    if (overwrite == store::Overwrite::refuse) {
      return model::fail(ErrorKind::conflict, "migrate_target_not_empty", {{"count", std::to_string(*evaluations)}});
    }
  }
  // Even without evaluations the target may hold frameworks and municipalities (init loads the shipped editions).
  if (auto cleared = target.clear(); !cleared) {
    return tl::unexpected(cleared.error());
  }
  auto shapes = source.shapes();
  if (!shapes) {
    return tl::unexpected(shapes.error());
  }
  for (const auto& shape : *shapes) {
    auto rows = source.rows(shape);
    if (!rows) {
      return tl::unexpected(rows.error());
    }
    if (auto inserted = target.insert(shape, *rows); !inserted) {
      return tl::unexpected(inserted.error());
    }
  }
  return compare(source, target);
}

} // namespace

std::string canonical_row(const store::TableRow& row) {
  std::string text;
  for (const auto& value : row) {
    if (!value) {
      text += 'N';
    } else {
      text += 'S' + std::to_string(value->size()) + ':' + *value;
    }
  }
  text += '\n';
  return text;
}

std::string table_digest(const std::vector<store::TableRow>& rows) {
  // SHA-256 needs no sodium_init(): it has one portable implementation.
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  for (const auto& row : rows) {
    auto text = canonical_row(row);
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

Result<MigrateReport> migrate(const std::string& from, const std::string& to, store::Overwrite overwrite,
                              MigrateMode mode) {
  std::error_code error;
  if (!is_postgresql(from) && !std::filesystem::is_regular_file(from, error)) {
    return model::fail(ErrorKind::bad_input, "migrate_source_missing", {{"path", from}}, "from");
  }
  if (from == to || (!is_postgresql(from) && !is_postgresql(to) && std::filesystem::exists(to, error) &&
                     std::filesystem::equivalent(from, to, error))) {
    return model::fail(ErrorKind::bad_input, "migrate_same_location", {}, "to");
  }
  if (mode == MigrateMode::verify_only && !is_postgresql(to) && !std::filesystem::is_regular_file(to, error)) {
    return model::fail(ErrorKind::bad_input, "migrate_source_missing", {{"path", to}}, "to");
  }
  auto source = store::open_tables(from);
  if (!source) {
    return tl::unexpected(source.error());
  }
  auto target = store::open_tables(to);
  if (!target) {
    return tl::unexpected(target.error());
  }
  if (auto begun = (*source)->begin(store::Access::read); !begun) {
    return tl::unexpected(begun.error());
  }
  auto target_access = mode == MigrateMode::copy ? store::Access::write : store::Access::read;
  if (auto begun = (*target)->begin(target_access); !begun) {
    return tl::unexpected(begun.error());
  }
  auto report = mode == MigrateMode::copy ? copy(**source, **target, overwrite) : compare(**source, **target);
  if (!report) {
    // Dropping the target rolls its transaction back: nothing of a failed copy is kept.
    return report;
  }
  if (auto ended = (*target)->end(store::Outcome::commit); !ended) {
    return tl::unexpected(ended.error());
  }
  if (auto ended = (*source)->end(store::Outcome::commit); !ended) {
    return tl::unexpected(ended.error());
  }
  return report;
}

} // namespace kompass::app
