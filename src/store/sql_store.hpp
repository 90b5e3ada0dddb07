#pragma once

#include <concepts>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "store/store.hpp"

namespace kompass::store {

// What the one store body needs of a backend's connection, and the whole seam between the backends:
// sqlite::Database and postgres::Connection both give it with the same meaning. prepare() takes SQL with SQLite's
// numbered parameters (?1, ?2, …; PostgreSQL's wrapper writes them as $1, $2, …) and yields a statement that binds by
// 1-based index, steps through rows and reads columns by 0-based index; execute() runs fixed SQL; begin_read(),
// begin_write(), commit() and rollback() carry each backend's isolation and write lock; reserve_ids() hands out the
// ids of rows about to be inserted (MAX(id) + 1… in SQLite, the identity sequence in PostgreSQL). Error mapping (a
// constraint violation is conflict "store_constraint") is the connections' too.
template <typename C>
concept SqlConnection = std::movable<C> && requires(C& db, std::string_view sql, const char* table, std::size_t count) {
  {*db.prepare(sql)};
  { db.execute(sql) } -> std::same_as<Result<void>>;
  { db.begin_read() } -> std::same_as<Result<void>>;
  { db.begin_write() } -> std::same_as<Result<void>>;
  { db.commit() } -> std::same_as<Result<void>>;
  { db.rollback() } -> std::same_as<Result<void>>;
  { db.in_transaction() } -> std::same_as<bool>;
  { db.reserve_ids(table, count) } -> std::same_as<Result<std::vector<long long>>>;
};

// Steps `statement` through its rows, calling on_row (returning Result<void>) at each; stops at the first error of
// either.
template <typename Statement, typename F>
Result<void> for_each_row(Statement& statement, F&& on_row) {
  while (true) {
    auto row = statement.step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    if (!*row) {
      return {};
    }
    if (auto handled = on_row(); !handled) {
      return handled;
    }
  }
}

// What collect_rows collects from a make_row that returns T (the T itself) or Result<T> (its value; an error stops
// the collection).
template <typename T>
struct RowValue {
  using type = T;
  static constexpr bool fallible = false;
};
template <typename T>
struct RowValue<Result<T>> {
  using type = T;
  static constexpr bool fallible = true;
};
template <typename F>
using RowValueOf = RowValue<std::decay_t<std::invoke_result_t<F&>>>;

// Steps `statement` through its rows and collects make_row()'s value at each, in order; the first error (of a step,
// or of make_row when it returns a Result) stops it.
template <typename Statement, typename F>
auto collect_rows(Statement& statement, F&& make_row) -> Result<std::vector<typename RowValueOf<F>::type>> {
  std::vector<typename RowValueOf<F>::type> items;
  auto read = for_each_row(statement, [&]() -> Result<void> {
    if constexpr (RowValueOf<F>::fallible) {
      auto item = make_row();
      if (!item) {
        return tl::unexpected(item.error());
      }
      items.push_back(std::move(*item));
    } else {
      items.push_back(make_row());
    }
    return {};
  });
  if (!read) {
    return tl::unexpected(read.error());
  }
  return items;
}

// The first column of every row `sql` returns on `db`, as text, with `parameter` (when given) bound to ?1.
template <typename Connection>
Result<std::vector<std::string>> text_column(Connection& db, std::string_view sql,
                                             const std::optional<std::string>& parameter = std::nullopt) {
  auto query = db.prepare(sql);
  if (!query) {
    return tl::unexpected(query.error());
  }
  if (parameter) {
    query->bind(1, *parameter);
  }
  return collect_rows(*query, [&] { return query->text(0); });
}

// The Store over `db`, an open connection whose migrations are applied: every method's SQL and row mapping, written
// once for both backends (sql_store.cpp, instantiated for sqlite::Database and postgres::Connection).
template <SqlConnection Connection>
std::unique_ptr<Store> make_sql_store(Connection db);

} // namespace kompass::store
