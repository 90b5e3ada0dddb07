#include "model/error.hpp"

namespace kompass::model {

Error make_error(ErrorKind kind, std::string code, std::map<std::string, std::string> args, std::string field) {
  return Error{kind, std::move(code), std::move(args), std::move(field)};
}

} // namespace kompass::model
