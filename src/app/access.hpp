#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/evaluations.hpp"
#include "model/account.hpp"
#include "model/error.hpp"
#include "store/store.hpp"

namespace kompass::app {

using model::Result;

// Who is asking: nobody (the public) or a signed-in user.
struct Viewer {
  std::optional<model::User> user;
};

// What the viewer wants to do with an evaluation.
enum class Permission {
  read,         // see it, its report and its audit log
  edit,         // score, add findings and sources, change its status
  manage,       // share it with its municipality, assign users
  read_actions, // see its action plan (signed-in users only)
  edit_actions, // add and update the actions of its action plan, published evaluations included
};

// Checks that the viewer may do `permission` to the evaluation. An evaluation the viewer may not even read
// is not_found "unknown_evaluation", exactly as if it did not exist (a draft is never revealed to the
// public). Otherwise: unauthenticated "login_required" for the public, forbidden "not_allowed" for a user
// without the right. Rules: the public reads published evaluations; admin does everything; evaluators and
// peers read published and assigned evaluations and edit assigned ones (published ones are not edited by
// anyone); evaluators and admins manage assigned ones; a municipality user reads its municipality's
// published evaluations and those shared with it. Action plans: admin, and a municipality user who may read
// the evaluation of its own municipality, read and edit them (publishing freezes the evaluation, not the
// plan); evaluators and peers who may read the evaluation read them; anyone else signed in is forbidden.
Result<store::EvaluationAccess> authorize(store::Store& store, const Viewer& viewer, const std::string& evaluation_id,
                                          Permission permission);

// What moving an evaluation to `status` needs: publishing is managing (an evaluator or admin, not a peer);
// other moves are editing.
Permission permission_for_status(model::Status status);

// True when the viewer may read an evaluation with this access record.
bool can_read(const Viewer& viewer, const store::EvaluationAccess& access);

// Fails with unauthenticated "login_required" for the public and forbidden "not_allowed" unless the user's
// role is one of `roles`.
Result<void> require_role(const Viewer& viewer, const std::vector<model::Role>& roles);

// The evaluations matching the filter that the viewer may read.
Result<std::vector<EvaluationListItem>> visible_evaluations(store::Store& store, const Viewer& viewer,
                                                            const store::EvaluationFilter& filter);

} // namespace kompass::app
