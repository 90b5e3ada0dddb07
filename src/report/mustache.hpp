#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "model/error.hpp"

// A small Mustache engine for the HTML report: kainjow's rendering rules (so the report's bytes stay the
// same), without its data tree of heap-allocated copies, which took most of a report's time.
namespace kompass::report::mustache {

class Value;

// A Mustache list: a section over it renders once per item.
using List = std::vector<Value>;
// A Mustache object: few keys, searched in order; keys must outlive the value (literals or the view's keys).
using Object = std::vector<std::pair<std::string_view, Value>>;

// Data for a template: false/true, text (viewed, or owned when computed), a list or an object.
class Value {
public:
  // false, the value of a missing optional.
  Value() = default;
  // A boolean.
  Value(bool flag) : m_data(flag) {}
  // Text that outlives the value (a literal).
  Value(const char* text) : m_data(std::string_view(text)) {}
  // Text that outlives the value (the report view's strings).
  Value(std::string_view text) : m_data(text) {}
  // Text that outlives the value; viewed, not copied.
  Value(const std::string& text) : m_data(std::string_view(text)) {}
  // Text computed for this value, kept by it.
  Value(std::string&& text) : m_data(std::move(text)) {}
  // A list.
  Value(List items) : m_data(std::move(items)) {}
  // An object.
  Value(Object members) : m_data(std::move(members)) {}

  // An empty object with room for `size` members, to be filled with add() or set().
  static Value object(std::size_t size = 0);
  // An empty list with room for `size` items, to be filled with push().
  static Value list(std::size_t size = 0);

  // Sets `key` of an object (replacing an earlier value); does nothing to a non-object.
  Value& set(std::string_view key, Value value);
  // Adds `key`, which the object must not have yet, to an object; does nothing to a non-object.
  void add(std::string_view key, Value value);
  // Appends to a list; does nothing to a non-list.
  void push(Value item);

  // The member `key` of an object; nullptr when absent or not an object.
  const Value* find(std::string_view key) const;
  // Whether this is a string (viewed or owned).
  bool is_text() const { return m_data.index() == 1 || m_data.index() == 2; }
  // The text of a string; empty for anything else.
  std::string_view text() const;
  // Whether this is `false`.
  bool is_false() const { return m_data.index() == 0 && !std::get<0>(m_data); }
  // The items of a list; nullptr for anything else.
  const List* items() const { return std::get_if<List>(&m_data); }

private:
  std::variant<bool, std::string_view, std::string, List, Object> m_data{false};
};

// A list of objects with one member "text" each ({{#items}}{{text}}{{/items}}), viewing `items`' strings.
Value text_list(const std::vector<std::string>& items);

// A parsed template: compile once, render many times (concurrently too: rendering does not change it).
class Template {
public:
  // Parses `text`; a malformed template fails with "template_error" and a "reason" such as
  // `Unclosed section "areas" at 6` (kainjow's wording and byte offsets). Partials and set-delimiter tags
  // are refused: the report inlines its partials before compiling.
  static model::Result<Template> compile(std::string_view text);

  // Appends the template rendered with `data` as the outermost context to `out`.
  void render(const Value& data, std::string& out) const;

  // One piece of a template; public only so the renderer in the .cpp can walk it.
  struct Node {
    enum class Kind { text, newline, variable, unescaped, section, inverted } kind = Kind::text;
    std::string text;              // text and newline: the characters; tags: the name
    std::vector<std::string> path; // a dotted name split at '.', empty for an undotted one
    std::vector<Node> children;    // sections
    std::size_t position = 0;      // byte offset of the tag, for error messages
    bool closed = false;           // sections: an end tag was met
    std::string closed_by;         // sections: the end tag's name
  };

private:
  std::vector<Node> m_nodes;
};

} // namespace kompass::report::mustache
