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
