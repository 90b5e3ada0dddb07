#include "app/municipalities.hpp"

#include "app/text.hpp"
#include "app/validation.hpp"

namespace kompass::app {
namespace {

using model::ErrorKind;
using model::fail;

} // namespace

Result<model::MunicipalityRef> parse_municipality_ref(std::string_view text) {
  model::MunicipalityRef ref;
  std::string_view code = text;
  if (auto colon = text.find(':'); colon != std::string_view::npos) {
    ref.country = std::string(text.substr(0, colon));
    code = text.substr(colon + 1);
    if (auto country = check_country(ref.country, "municipality"); !country) {
      return tl::unexpected(country.error());
    }
  }
  if (!is_municipality_code(code)) {
    return fail(ErrorKind::bad_input, "bad_municipality_code", {{"code", std::string(text)}, {"where", ""}},
                "municipality");
  }
  ref.code = std::string(code);
  return ref;
}

Result<model::MunicipalityRef> resolve_municipality(store::Store& store, std::string_view text) {
  // Codes are digits with an optional country prefix; anything else is a name.
  bool looks_like_code = !text.empty() && (text.find(':') != std::string_view::npos ||
                                           text.find_first_not_of("0123456789") == std::string_view::npos);
  if (looks_like_code) {
    auto ref = parse_municipality_ref(text);
    if (!ref) {
      return ref;
    }
    if (auto found = get_municipality(store, *ref); !found) {
      return tl::unexpected(found.error());
    }
    return ref;
  }
  auto all = store.list_municipalities();
  if (!all) {
    return tl::unexpected(all.error());
  }
  // A name written exactly as stored wins over names that only fold alike ("Ore" in Sweden, "Öre" elsewhere).
  auto wanted = fold_to_ascii_id(text);
  std::vector<model::Municipality> exact;
  std::vector<model::Municipality> folded;
  for (auto& municipality : *all) {
    if (municipality.name == text) {
      exact.push_back(municipality);
    } else if (fold_to_ascii_id(municipality.name) == wanted) {
      folded.push_back(std::move(municipality));
    }
  }
  const auto& matches = exact.empty() ? folded : exact;
  if (matches.empty()) {
    return fail(ErrorKind::not_found, "unknown_municipality_name", {{"name", std::string(text)}}, "municipality");
  }
  if (matches.size() > 1) {
    std::string candidates;
    for (const auto& match : matches) {
      candidates +=
          (candidates.empty() ? "" : ", ") + match.name + " (" + match.ref.country + ":" + match.ref.code + ")";
    }
    return fail(ErrorKind::bad_input, "municipality_name_ambiguous",
                {{"name", std::string(text)}, {"candidates", candidates}}, "municipality");
  }
  return matches.front().ref;
}

Result<model::Municipality> get_municipality(store::Store& store, const model::MunicipalityRef& ref) {
  auto found = store.find_municipality(ref);
  if (!found) {
    return tl::unexpected(found.error());
  }
  if (!*found) {
    return fail(ErrorKind::not_found, "unknown_municipality", {{"country", ref.country}, {"code", ref.code}},
                "municipality");
  }
  return **found;
}

Result<void> add_municipality(store::Store& store, const model::Municipality& municipality) {
  if (auto valid = check_municipality(municipality, ""); !valid) {
    return valid;
  }
  return store::in_transaction(store, [&]() -> Result<void> {
    auto found = store.find_municipality(municipality.ref);
    if (!found) {
      return tl::unexpected(found.error());
    }
    if (*found) {
      return fail(ErrorKind::conflict, "municipality_exists",
                  {{"country", municipality.ref.country}, {"code", municipality.ref.code}, {"name", (*found)->name}},
                  "code");
    }
    return store.upsert_municipality(municipality);
  });
}

Result<std::vector<model::Municipality>> list_municipalities(store::Store& store,
                                                             const std::optional<std::string>& country) {
  auto all = store.list_municipalities();
  if (!all) {
    return tl::unexpected(all.error());
  }
  std::vector<model::Municipality> selected;
  for (auto& municipality : *all) {
    if (!country || municipality.ref.country == *country) {
      selected.push_back(std::move(municipality));
    }
  }
  sort_by_collation(
      selected, [](const model::Municipality& m) -> const std::string& { return m.name; }, Collation::swedish);
  return selected;
}

} // namespace kompass::app
