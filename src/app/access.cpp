#include "app/access.hpp"

#include <algorithm>

namespace kompass::app {

using model::ErrorKind;
using model::Role;

namespace {

bool is_assigned(const Viewer& viewer, const store::EvaluationAccess& access) {
  return viewer.user &&
         std::find(access.assigned.begin(), access.assigned.end(), viewer.user->username) != access.assigned.end();
}

bool may(const Viewer& viewer, const store::EvaluationAccess& access, Permission permission) {
  if (permission == Permission::read) {
    return can_read(viewer, access);
  }
  if (!viewer.user) {
    return false;
  }
  const auto role = viewer.user->role;
  if (role == Role::admin) {
    return true;
  }
  const bool assigned = is_assigned(viewer, access);
  switch (permission) {
  case Permission::read:
    return true;
  case Permission::edit:
    return (role == Role::evaluator || role == Role::peer) && assigned && access.status != model::Status::published;
  case Permission::manage:
    return role == Role::evaluator && assigned;
  case Permission::read_actions:
  case Permission::edit_actions: {
    const bool own_municipality =
        role == Role::municipality && viewer.user->municipality && *viewer.user->municipality == access.municipality;
    if (permission == Permission::edit_actions) {
      return own_municipality;
    }
    return own_municipality || role == Role::evaluator || role == Role::peer;
  }
  }
  return false;
}

} // namespace

Permission permission_for_status(model::Status status) {
  return status == model::Status::published ? Permission::manage : Permission::edit;
}

bool can_read(const Viewer& viewer, const store::EvaluationAccess& access) {
  if (access.status == model::Status::published) {
    return true;
  }
  if (!viewer.user) {
    return false;
  }
  switch (viewer.user->role) {
  case Role::admin:
    return true;
  case Role::evaluator:
  case Role::peer:
    return is_assigned(viewer, access);
  case Role::municipality:
    return viewer.user->municipality && *viewer.user->municipality == access.municipality &&
           access.sharing == store::Sharing::shared;
  }
  return false;
}

Result<store::EvaluationAccess> authorize(store::Store& store, const Viewer& viewer, const std::string& evaluation_id,
                                          Permission permission) {
  auto access = store::in_transaction(
      store, [&] { return store.evaluation_access(evaluation_id); }, store::Access::read);
  if (!access) {
    return access;
  }
  if (!can_read(viewer, *access)) {
    return model::fail(ErrorKind::not_found, "unknown_evaluation", {{"id", evaluation_id}}, "id");
  }
  if (may(viewer, *access, permission)) {
    return access;
  }
  if (!viewer.user) {
    return model::fail(ErrorKind::unauthenticated, "login_required");
  }
  return model::fail(ErrorKind::forbidden, "not_allowed", {{"id", evaluation_id}});
}

Result<void> require_role(const Viewer& viewer, const std::vector<Role>& roles) {
  if (!viewer.user) {
    return model::fail(ErrorKind::unauthenticated, "login_required");
  }
  if (std::find(roles.begin(), roles.end(), viewer.user->role) == roles.end()) {
    return model::fail(ErrorKind::forbidden, "role_not_allowed", {{"role", model::role_name(viewer.user->role)}});
  }
  return {};
}

Result<std::vector<EvaluationListItem>> visible_evaluations(store::Store& store, const Viewer& viewer,
                                                            const store::EvaluationFilter& filter) {
  auto items = list_evaluations(store, filter);
  if (!items) {
    return items;
  }
  std::vector<EvaluationListItem> visible;
  for (auto& item : *items) {
    if (item.summary.status == model::Status::published) {
      visible.push_back(std::move(item));
      continue;
    }
    if (!viewer.user) {
      continue;
    }
    auto access = store::in_transaction(
        store, [&] { return store.evaluation_access(item.summary.id); }, store::Access::read);
    if (!access) {
      return tl::unexpected(access.error());
    }
    if (can_read(viewer, *access)) {
      visible.push_back(std::move(item));
    }
  }
  return visible;
}

} // namespace kompass::app
