#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/evaluations.hpp"
#include "app/transfer.hpp"
#include "model/error.hpp"
#include "model/evaluation.hpp"
#include "scoring/drift.hpp"
#include "store/store.hpp"

// Blind double scoring: two or more evaluators score an evaluation on their own (model::Score::evaluator =
// their name; in the web UI and the API their username), each seeing only their own scores until every one
// has marked their scoring done; then the differences are reconciled into agreed scores (evaluator empty),
// and each evaluator's drift from the agreed scores is followed across evaluations.
namespace kompass::app {

using model::Result;

// The blind scoring of one evaluation: its scorers (by name) and who has finished.
struct BlindState {
  std::string evaluation_id;
  std::vector<store::BlindScorer> scorers; // ordered by name; empty when the evaluation is not scored blind

  // True when the evaluation is scored blind at all.
  bool blind() const { return !scorers.empty(); }
  // True when it is scored blind and every scorer has marked their scoring done: own scores are then shown
  // to everyone who may read the evaluation, and can no longer be changed.
  bool revealed() const;
  // True while it is scored blind and someone is still scoring: own scores are hidden from everyone but
  // their own evaluator (admins included).
  bool open() const { return blind() && !revealed(); }
  // True when `name` is one of the scorers.
  bool is_scorer(const std::string& name) const;
  // True when `name` is a scorer who has marked their scoring done.
  bool is_done(const std::string& name) const;
  // The scorers who have not finished, by name.
  std::vector<std::string> pending() const;
};

// The blind state of an evaluation inside the caller's transaction; not_found "unknown_evaluation".
Result<BlindState> load_blind_state(store::Store& store, const std::string& id);

// The same in its own read transaction.
Result<BlindState> blind_state(store::Store& store, const std::string& id);

// Starts blind scoring of a draft evaluation by `evaluators` (names, trimmed, duplicates counted once):
// bad_input "blind_evaluators_too_few" (field "evaluators") with fewer than two, "blind_evaluator_invalid"
// for an empty or control-character name; conflict "blind_scoring_started" once any scorer has finished.
// While nobody has finished, starting again adds the new names. A scorer who is a user of kompass is
// assigned to the evaluation, so that they may score it. Returns the new state.
Result<BlindState> start_blind_scoring(store::Store& store, const std::string& id,
                                       const std::vector<std::string>& evaluators);

// Marks `evaluator`'s own scoring of a draft evaluation done (again: no change). bad_input
// "blind_not_scorer" (field "evaluator") when they are not a scorer, bad_input "blind_unscored" naming the
// first question (or area) they have not scored (field "question"): a scorer finishes only with every
// question scored, so that the comparison covers the whole evaluation. Returns the new state.
Result<BlindState> mark_own_scoring_done(store::Store& store, const std::string& id, const std::string& evaluator);

// The rule every score change of an evaluation passes, inside the score's transaction (app::set_score calls
// it): nothing for an evaluation not scored blind. While blind scoring is open, an agreed score is conflict
// "blind_scoring_open" (naming who has not finished) and an own score must be a scorer's (bad_input
// "blind_not_scorer") who has not finished (conflict "blind_scoring_done"); once revealed, own scores are
// locked (conflict "blind_scoring_done").
Result<void> check_blind_score(store::Store& store, const std::string& id, const model::Score& score);

// Conflict "blind_scoring_open" naming who has not finished while the state is open; nothing otherwise.
Result<void> require_revealed(const BlindState& state);

// Removes from `evaluation.scores` every evaluator's own score but `viewer`'s while blind scoring is open
// (`viewer` is a username; empty for the public, who then sees no own score). Changes nothing otherwise.
void hide_own_scores(model::Evaluation& evaluation, const BlindState& state, const std::string& viewer);

// show_evaluation with the own scores `viewer` may not see removed (hide_own_scores), in one read
// transaction. Every way own scores leave the program to a user goes through it.
Result<EvaluationView> show_evaluation_as(store::Store& store, const std::string& id, const std::string& viewer);

// An evaluation as `viewer` may see it and the version of every stored score, read in one snapshot.
struct ScoredView {
  EvaluationView view;
  std::vector<store::ScoreVersion> versions;
};

// show_evaluation_as and the store's score versions in one read transaction, so that each version belongs to the
// points shown with it: a save with that version then replaces only what its editor saw.
Result<ScoredView> show_scores_as(store::Store& store, const std::string& id, const std::string& viewer);

// export_evaluation with the own scores `viewer` may not see removed.
Result<std::string> export_evaluation_as(store::Store& store, const std::string& id, ExportFormat format,
                                         const std::string& viewer);

// One scorer's own score of a question (or area) in the reconciliation.
struct ScorerScore {
  std::string evaluator;
  int points = 0;
  std::string rationale;
};

// A question (or, for an area-level evaluation, an area) with every scorer's own score and its agreed score.
struct ReconciliationItem {
  model::ScoreTarget target = model::ScoreTarget::question;
  std::string target_id;
  int max = 0;
  std::vector<ScorerScore> scores; // by scorer name
  int spread = 0;                  // highest − lowest own points
  std::optional<model::Score> agreed;
};

// What reconciling a revealed blind scoring needs: the questions where the scorers differ, the largest
// spread on the question's own scale (spread / max) first, framework order among equals, and how many
// questions they scored alike.
struct Reconciliation {
  std::string evaluation_id;
  std::vector<std::string> scorers;
  std::vector<ReconciliationItem> differences;
  int agreeing = 0;          // questions every scorer gave the same points
  int agreeing_pending = 0;  // of those, the ones without an agreed score yet
  int differing_pending = 0; // differences without an agreed score yet
};

// The reconciliation of an evaluation's blind scoring in one read transaction; conflict "blind_not_started"
// when it is not scored blind, "blind_scoring_open" while someone is still scoring.
Result<Reconciliation> reconciliation(store::Store& store, const std::string& id);

// Records the agreed score of a question (or area) of a revealed blind scoring, with `note` (required:
// bad_input "reconcile_note_missing", field "note") as its rationale, through app::set_score; the scorers'
// own scores are kept. The same refusals as reconciliation().
Result<void> record_agreed_score(store::Store& store, const std::string& id, model::ScoreTarget target,
                                 const std::string& target_id, int points, const std::string& note);

// Records, in one transaction, the common points as the agreed score of every question all scorers scored
// alike and that has no agreed score yet, with `note` as the rationale. Returns how many were recorded.
Result<int> accept_agreeing(store::Store& store, const std::string& id, const std::string& note);

// {"evaluation", "blind", "revealed", "scorers": [{"evaluator", "done", "done_at"}], "pending": [names]}.
std::string blind_state_json(const BlindState& state);

// {"evaluation", "scorers": [names], "agreeing", "agreeing_pending", "differing_pending", "differences":
// [{"target", "id", "max", "spread", "scores": [{"evaluator", "points", "rationale"}], "agreed": null or
// {"points", "note"}}]}.
std::string reconciliation_json(const Reconciliation& reconciliation);

// Each evaluator's drift (scoring::drift) over every evaluation with own scores, pairing each own question
// or area score with the agreed score of the same target where both exist; evaluations whose blind scoring
// is still open are left out (their own scores are hidden from everyone). One read transaction.
Result<std::vector<scoring::Drift>> evaluator_drift(store::Store& store);

// [{"evaluator", "scores", "evaluations", "mean_signed", "mean_absolute"}].
std::string drift_json(const std::vector<scoring::Drift>& drift);

} // namespace kompass::app
