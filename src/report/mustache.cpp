#include "report/mustache.hpp"

#include <cctype>

namespace kompass::report::mustache {

Value Value::object(std::size_t size) {
  Object members;
  members.reserve(size);
  return Value(std::move(members));
}

Value Value::list(std::size_t size) {
  List items;
  items.reserve(size);
  return Value(std::move(items));
}

void Value::add(std::string_view key, Value value) {
  if (auto* members = std::get_if<Object>(&m_data)) {
    members->emplace_back(key, std::move(value));
  }
}

Value& Value::set(std::string_view key, Value value) {
  if (auto* members = std::get_if<Object>(&m_data)) {
    for (auto& [name, slot] : *members) {
      if (name == key) {
        slot = std::move(value);
        return slot;
      }
    }
    return members->emplace_back(key, std::move(value)).second;
  }
  return *this;
}

void Value::push(Value item) {
  if (auto* list = std::get_if<List>(&m_data)) {
    list->push_back(std::move(item));
  }
}

const Value* Value::find(std::string_view key) const {
  if (const auto* members = std::get_if<Object>(&m_data)) {
    for (const auto& [name, value] : *members) {
      if (name == key) {
        return &value;
      }
    }
  }
  return nullptr;
}

std::string_view Value::text() const {
  if (const auto* view = std::get_if<std::string_view>(&m_data)) {
    return *view;
  }
  if (const auto* owned = std::get_if<std::string>(&m_data)) {
    return *owned;
  }
  return {};
}

namespace {

using Node = Template::Node;

model::Result<Template> parse_error(std::string reason) {
  return model::fail(model::ErrorKind::bad_input, "template_error", {{"reason", std::move(reason)}});
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// kainjow splits with std::getline: "a..b" has an empty middle part, a trailing '.' adds none.
std::vector<std::string> split_name(std::string_view name) {
  std::vector<std::string> parts;
  if (name == "." || name.find('.') == std::string_view::npos) {
    return parts;
  }
  std::size_t start = 0;
  while (start < name.size()) {
    auto dot = name.find('.', start);
    if (dot == std::string_view::npos) {
      dot = name.size();
    }
    parts.emplace_back(name.substr(start, dot - start));
    start = dot + 1;
  }
  return parts;
}

// Text between tags as text and newline nodes; only newlines matter to rendering (they end a line).
void add_text(std::vector<Node>& nodes, std::string_view text) {
  std::size_t start = 0;
  auto flush = [&](std::size_t end) {
    if (end > start) {
      if (nodes.empty() || nodes.back().kind != Node::Kind::text) {
        nodes.push_back(Node{});
      }
      nodes.back().text.append(text.substr(start, end - start));
    }
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n' && text[i] != '\r') {
      continue;
    }
    flush(i);
    std::size_t length = text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n' ? 2 : 1;
    Node newline;
    newline.kind = Node::Kind::newline;
    newline.text = std::string(text.substr(i, length));
    nodes.push_back(std::move(newline));
    i += length - 1;
    start = i + 1;
  }
  flush(text.size());
}

// kainjow checks sections only after parsing, in document order, so the outermost broken one is named.
const Node* unclosed(const std::vector<Node>& nodes) {
  for (const auto& node : nodes) {
    if (node.kind != Node::Kind::section && node.kind != Node::Kind::inverted) {
      continue;
    }
    if (!node.closed || node.closed_by != node.text) {
      return &node;
    }
    if (const auto* inner = unclosed(node.children)) {
      return inner;
    }
  }
  return nullptr;
}

} // namespace

model::Result<Template> Template::compile(std::string_view input) {
  constexpr std::string_view k_open = "{{";
  Template compiled;
  std::vector<Node*> open;
  auto children = [&]() -> std::vector<Node>& { return open.empty() ? compiled.m_nodes : open.back()->children; };
  std::size_t at = 0;
  while (at < input.size()) {
    auto start = input.find(k_open, at);
    add_text(children(), input.substr(at, start == std::string_view::npos ? std::string_view::npos : start - at));
    if (start == std::string_view::npos) {
      break;
    }
    auto contents_at = start + k_open.size();
    bool triple = contents_at < input.size() && input[contents_at] == '{';
    std::string_view close = triple ? "}}}" : "}}";
    if (triple) {
      ++contents_at;
    }
    auto end = input.find(close, contents_at);
    if (end == std::string_view::npos) {
      return parse_error("Unclosed tag at " + std::to_string(start));
    }
    at = end + close.size();
    auto contents = trim(input.substr(contents_at, end - contents_at));
    Node node;
    node.position = start;
    node.kind = Node::Kind::variable;
    char sigil = triple || contents.empty() ? '\0' : contents.front();
    if (triple) {
      node.kind = Node::Kind::unescaped;
    }
    switch (sigil) {
    case '#':
      node.kind = Node::Kind::section;
      break;
    case '^':
      node.kind = Node::Kind::inverted;
      break;
    case '&':
      node.kind = Node::Kind::unescaped;
      break;
    case '/':
    case '!':
    case '>':
    case '=':
      break;
    default:
      sigil = '\0';
      break;
    }
    std::string_view name = sigil == '\0' ? contents : trim(contents.substr(1));
    if (sigil == '!') {
      continue;
    }
    if (sigil == '>') {
      return parse_error("Partial \"" + std::string(name) + "\" at " + std::to_string(start) +
                         " is not supported: partials are inlined before compiling");
    }
    if (sigil == '=') {
      return parse_error("Set delimiter tag at " + std::to_string(start) + " is not supported");
    }
    if (sigil == '/') {
      if (open.empty()) {
        return parse_error("Unopened section \"" + std::string(name) + "\" at " + std::to_string(start));
      }
      // Like kainjow, an end tag closes the innermost section whatever its name; a mismatch is reported
      // as that section being unclosed, once the whole template is read.
      open.back()->closed = true;
      open.back()->closed_by = std::string(name);
      open.pop_back();
      continue;
    }
    node.text = std::string(name);
    node.path = split_name(name);
    auto& siblings = children();
    siblings.push_back(std::move(node));
    if (sigil == '#' || sigil == '^') {
      open.push_back(&siblings.back());
    }
  }
  if (const auto* broken = unclosed(compiled.m_nodes)) {
    return parse_error("Unclosed section \"" + broken->text + "\" at " + std::to_string(broken->position));
  }
  return compiled;
}

namespace {

// kainjow's rendering, including its line buffer: a line during which a section was rendered and that
// holds nothing but spaces and tabs is dropped together with its newline. Here the line is written
// straight into the output and cut off again when it has to go.
class Renderer {
public:
  explicit Renderer(std::string& out) : m_out(out), m_line_start(out.size()) {}

  void render(const std::vector<Node>& nodes) {
    for (const auto& node : nodes) {
      switch (node.kind) {
      case Node::Kind::text:
        m_out += node.text;
        break;
      case Node::Kind::newline:
        end_line(node.text);
        break;
      case Node::Kind::variable:
      case Node::Kind::unescaped:
        if (const auto* value = lookup(node); value && value->is_text()) {
          if (node.kind == Node::Kind::variable) {
            escape(value->text());
          } else {
            m_out += value->text();
          }
        }
        break;
      case Node::Kind::section:
        if (const auto* value = lookup(node); value && !value->is_false() && !is_empty_list(*value)) {
          section(node, value);
        }
        break;
      case Node::Kind::inverted:
        if (const auto* value = lookup(node); !value || value->is_false() || is_empty_list(*value)) {
          section(node, value);
        }
        break;
      }
    }
  }

  void push(const Value* value) { m_stack.push_back(value); }

  void finish() { end_line({}); }

private:
  static bool is_empty_list(const Value& value) {
    const auto* items = value.items();
    return items && items->empty();
  }

  void end_line(std::string_view newline) {
    if (m_had_section && only_blanks(m_line_start)) {
      m_out.resize(m_line_start);
    } else {
      m_out += newline;
    }
    m_line_start = m_out.size();
    m_had_section = false;
  }

  bool only_blanks(std::size_t from) const {
    for (std::size_t i = from; i < m_out.size(); ++i) {
      if (m_out[i] != ' ' && m_out[i] != '\t') {
        return false;
      }
    }
    return true;
  }

  void section(const Node& node, const Value* value) {
    const auto* items = value ? value->items() : nullptr;
    if (items && !items->empty()) {
      for (const auto& item : *items) {
        m_had_section = true;
        m_stack.push_back(&item);
        render(node.children);
        m_stack.pop_back();
        m_had_section = true;
      }
      return;
    }
    m_had_section = true;
    if (value) {
      m_stack.push_back(value);
    }
    render(node.children);
    if (value) {
      m_stack.pop_back();
    }
    m_had_section = true;
  }

  // kainjow's context lookup: innermost first; a dotted name must resolve whole within one context.
  const Value* lookup(const Node& node) const {
    if (node.text == ".") {
      return m_stack.back();
    }
    for (auto it = m_stack.rbegin(); it != m_stack.rend(); ++it) {
      if (node.path.empty()) {
        if (const auto* found = (*it)->find(node.text)) {
          return found;
        }
        continue;
      }
      const Value* value = *it;
      for (const auto& part : node.path) {
        value = value->find(part);
        if (!value) {
          break;
        }
      }
      if (value) {
        return value;
      }
    }
    return nullptr;
  }

  // Copies runs of ordinary characters at once: most text has nothing to escape.
  void escape(std::string_view text) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      std::string_view entity;
      switch (text[i]) {
      case '&':
        entity = "&amp;";
        break;
      case '<':
        entity = "&lt;";
        break;
      case '>':
        entity = "&gt;";
        break;
      case '"':
        entity = "&quot;";
        break;
      case '\'':
        entity = "&apos;";
        break;
      default:
        continue;
      }
      m_out.append(text.substr(start, i - start));
      m_out += entity;
      start = i + 1;
    }
    m_out.append(text.substr(start));
  }

  std::string& m_out;
  std::size_t m_line_start;
  bool m_had_section = false;
  std::vector<const Value*> m_stack;
};

} // namespace

void Template::render(const Value& data, std::string& out) const {
  Renderer renderer(out);
  renderer.push(&data);
  renderer.render(m_nodes);
  renderer.finish();
}

Value text_list(const std::vector<std::string>& items) {
  Value list = Value::list(items.size());
  for (const auto& item : items) {
    Value entry = Value::object(1);
    entry.add("text", item);
    list.push(std::move(entry));
  }
  return list;
}

} // namespace kompass::report::mustache
