#include "app/catalog.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <tuple>

#include "frameworks/framework_file.hpp"

namespace kompass::app {
namespace {

using model::ErrorKind;
using model::fail;

std::vector<FrameworkProblem> to_problems(const std::vector<frameworks::Diagnostic>& diagnostics) {
  std::vector<FrameworkProblem> problems;
  for (const auto& d : diagnostics) {
    problems.push_back({d.line, d.column, d.error});
  }
  return problems;
}

Result<LoadReport> load_parsed(store::Store& store, const model::Framework& framework, std::string_view yaml_text) {
  auto hash = frameworks::content_hash(framework);
  auto stored = store.find_framework(framework.id, framework.version);
  if (!stored) {
    return tl::unexpected(stored.error());
  }
  if (*stored) {
    if ((*stored)->id == framework.id && (*stored)->content_hash == hash) {
      return LoadReport{framework.id, framework.version, LoadOutcome::already_loaded};
    }
    if ((*stored)->id == framework.id) {
      return fail(ErrorKind::conflict, "framework_changed", {{"id", framework.id}, {"version", framework.version}});
    }
  }
  // An alias must not name another edition, nor may the id be another edition's alias.
  for (const auto& alias : framework.aliases) {
    auto owner = store.find_framework(alias, std::nullopt);
    if (!owner) {
      return tl::unexpected(owner.error());
    }
    if (*owner && (*owner)->id != framework.id) {
      return fail(ErrorKind::conflict, "framework_alias_taken", {{"alias", alias}, {"owner", (*owner)->id}});
    }
  }
  auto same_name = store.find_framework(framework.id, std::nullopt);
  if (!same_name) {
    return tl::unexpected(same_name.error());
  }
  if (*same_name && (*same_name)->id != framework.id) {
    return fail(ErrorKind::conflict, "framework_alias_taken", {{"alias", framework.id}, {"owner", (*same_name)->id}});
  }
  store::StoredFramework record{framework.id, framework.version, std::string(yaml_text), hash, framework.aliases};
  if (auto inserted = store.insert_framework(record); !inserted) {
    return tl::unexpected(inserted.error());
  }
  return LoadReport{framework.id, framework.version, LoadOutcome::loaded};
}

FrameworkInfo info_of(const model::Framework& framework) {
  FrameworkInfo info{framework.id,
                     framework.version,
                     framework.title.in(framework.primary_language()),
                     framework.level,
                     framework.max_points,
                     framework.areas.size(),
                     0,
                     0,
                     framework.aliases};
  for (const auto& area : framework.areas) {
    info.sub_areas += area.sub_areas.size();
    for (const auto& sub_area : area.sub_areas) {
      info.questions += sub_area.questions.size();
    }
  }
  return info;
}

Result<model::Framework> parse_stored(const store::StoredFramework& stored) {
  // A stored (id, version) never changes content, so its parse is kept per process, keyed by the content hash
  // too: comparisons read the same edition once per member, and parsing the 2010 edition costs milliseconds.
  static std::mutex mutex;
  static std::map<std::tuple<std::string, std::string, std::string>, model::Framework> parsed_frameworks;
  auto key = std::make_tuple(stored.id, stored.version, stored.content_hash);
  {
    std::lock_guard lock(mutex);
    if (auto it = parsed_frameworks.find(key); it != parsed_frameworks.end()) {
      return it->second;
    }
  }
  auto parsed = frameworks::parse_framework(stored.source_text);
  if (!parsed) {
    return fail(ErrorKind::internal, "framework_stored_invalid", {{"id", stored.id}, {"version", stored.version}});
  }
  std::lock_guard lock(mutex);
  return parsed_frameworks.emplace(key, std::move(*parsed)).first->second;
}

} // namespace

std::vector<FrameworkProblem> validate_framework(std::string_view yaml_text) {
  auto parsed = frameworks::parse_framework(yaml_text);
  return parsed ? std::vector<FrameworkProblem>{} : to_problems(parsed.error());
}

Result<LoadReport> load_framework(store::Store& store, std::string_view yaml_text,
                                  std::vector<FrameworkProblem>* problems) {
  auto parsed = frameworks::parse_framework(yaml_text);
  if (!parsed) {
    if (problems) {
      *problems = to_problems(parsed.error());
    }
    return fail(ErrorKind::bad_input, "framework_invalid", {{"count", std::to_string(parsed.error().size())}});
  }
  return store::in_transaction(store, [&] { return load_parsed(store, *parsed, yaml_text); });
}

Result<std::vector<LoadReport>> load_shipped_frameworks(store::Store& store) {
  return store::in_transaction(store, [&]() -> Result<std::vector<LoadReport>> {
    std::vector<LoadReport> reports;
    for (const auto& file : frameworks::shipped_frameworks()) {
      auto parsed = frameworks::parse_framework(file.text);
      if (!parsed) {
        return fail(ErrorKind::internal, "framework_shipped_invalid", {{"path", file.path}});
      }
      auto report = load_parsed(store, *parsed, file.text);
      if (!report) {
        return tl::unexpected(report.error());
      }
      reports.push_back(*report);
    }
    return reports;
  });
}

Result<void> ensure_initialised(store::Store& store) {
  auto stored = store.list_frameworks();
  if (!stored) {
    return tl::unexpected(stored.error());
  }
  if (!stored->empty()) {
    return {};
  }
  auto loaded = load_shipped_frameworks(store);
  if (!loaded) {
    return tl::unexpected(loaded.error());
  }
  return {};
}

Result<std::vector<FrameworkInfo>> list_frameworks(store::Store& store) {
  auto stored = store.list_frameworks();
  if (!stored) {
    return tl::unexpected(stored.error());
  }
  std::vector<FrameworkInfo> infos;
  for (const auto& record : *stored) {
    auto framework = parse_stored(record);
    if (!framework) {
      return tl::unexpected(framework.error());
    }
    infos.push_back(info_of(*framework));
  }
  return infos;
}

Result<model::Framework> get_framework(store::Store& store, const std::string& id_or_alias,
                                       const std::optional<std::string>& version) {
  auto stored = store.find_framework(id_or_alias, version);
  if (!stored) {
    return tl::unexpected(stored.error());
  }
  if (!*stored) {
    if (version) {
      return fail(ErrorKind::not_found, "unknown_framework_version", {{"id", id_or_alias}, {"version", *version}},
                  "framework");
    }
    return fail(ErrorKind::not_found, "unknown_framework", {{"id", id_or_alias}}, "framework");
  }
  return parse_stored(**stored);
}

} // namespace kompass::app
