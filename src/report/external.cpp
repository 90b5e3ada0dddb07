#include "report/external.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

extern char** environ;

namespace kompass::report {
namespace fs = std::filesystem;
using model::ErrorKind;

namespace {

// Replaces the file at `path` with `bytes`; false when it cannot be written completely.
bool write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  return static_cast<bool>(out);
}

} // namespace

bool on_path(const std::string& program) {
  if (program.find('/') != std::string::npos) {
    return ::access(program.c_str(), X_OK) == 0;
  }
  const char* path = std::getenv("PATH");
  std::stringstream folders(path ? path : "/usr/bin:/bin");
  std::string folder;
  while (std::getline(folders, folder, ':')) {
    auto candidate = (fs::path(folder.empty() ? "." : folder) / program).string();
    if (::access(candidate.c_str(), X_OK) == 0) {
      return true;
    }
  }
  return false;
}

Result<void> run_tool(const std::vector<std::string>& argv, const std::string& debian_package) {
  if (argv.empty() || !on_path(argv[0])) {
    return model::fail(ErrorKind::internal, "tool_missing",
                       {{"tool", argv.empty() ? "" : argv[0]}, {"package", debian_package}});
  }
  // The tool's error output goes to a file rather than a pipe, so a chatty tool can never block on a
  // full pipe while we wait for it.
  char log_template[] = "/tmp/kompass-tool-XXXXXX";
  int log_fd = ::mkstemp(log_template);
  if (log_fd < 0) {
    return model::fail(ErrorKind::internal, "temp_folder_failed", {{"reason", std::strerror(errno)}});
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, log_fd, STDERR_FILENO);
  posix_spawn_file_actions_adddup2(&actions, log_fd, STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const auto& arg : argv) {
    args.push_back(const_cast<char*>(arg.c_str()));
  }
  args.push_back(nullptr);
  pid_t pid = 0;
  int spawned = ::posix_spawnp(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(log_fd);
  int status = 0;
  if (spawned == 0) {
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  std::ifstream log_in(log_template, std::ios::binary);
  std::string log((std::istreambuf_iterator<char>(log_in)), std::istreambuf_iterator<char>());
  ::unlink(log_template);
  if (spawned != 0) {
    return model::fail(ErrorKind::internal, "tool_missing", {{"tool", argv[0]}, {"package", debian_package}});
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    constexpr std::size_t k_tail = 600;
    if (log.size() > k_tail) {
      log = "…" + log.substr(log.size() - k_tail);
    }
    while (!log.empty() && (log.back() == '\n' || log.back() == ' ')) {
      log.pop_back();
    }
    return model::fail(ErrorKind::internal, "tool_failed", {{"tool", argv[0]}, {"output", log}});
  }
  return {};
}

Result<PendingFile> PendingFile::create(const std::string& target) {
  fs::path path(target);
  fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  std::error_code ec;
  if (path.filename().empty() || fs::is_directory(path, ec)) {
    return model::fail(ErrorKind::bad_input, "file_unwritable", {{"file", target}}, target);
  }
  // A hidden name in the same folder, so the final rename stays on one file system and is atomic.
  std::string temp_template = (folder / ("." + path.filename().string() + ".XXXXXX")).string();
  std::string extension = path.extension().string();
  temp_template += extension;
  std::vector<char> buffer(temp_template.begin(), temp_template.end());
  buffer.push_back('\0');
  int fd = ::mkstemps(buffer.data(), static_cast<int>(extension.size()));
  if (fd < 0) {
    return model::fail(ErrorKind::bad_input, "file_unwritable", {{"file", target}}, target);
  }
  ::close(fd);
  return PendingFile(target, std::string(buffer.data()));
}

Result<void> write_file_atomically(const std::string& bytes, const std::string& target) {
  auto pending = PendingFile::create(target);
  if (!pending) {
    return tl::unexpected(pending.error());
  }
  if (auto written = pending->write(bytes); !written) {
    return written;
  }
  return pending->commit();
}

PendingFile::PendingFile(PendingFile&& other) noexcept
    : m_target(std::move(other.m_target)), m_temp(std::move(other.m_temp)), m_committed(other.m_committed) {
  other.m_committed = true; // the moved-from object no longer owns the temporary file
}

PendingFile::~PendingFile() {
  if (!m_committed && !m_temp.empty()) {
    ::unlink(m_temp.c_str());
  }
}

Result<void> PendingFile::write(const std::string& bytes) const {
  if (!write_bytes(m_temp, bytes)) {
    return model::fail(ErrorKind::bad_input, "file_unwritable", {{"file", m_target}}, m_target);
  }
  return {};
}

Result<void> PendingFile::commit() {
  // mkstemp creates files readable only by their owner; an exported report is an ordinary file.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(m_temp.c_str(), 0666 & ~mask);
  if (::rename(m_temp.c_str(), m_target.c_str()) != 0) {
    return model::fail(ErrorKind::bad_input, "file_unwritable", {{"file", m_target}}, m_target);
  }
  m_committed = true;
  return {};
}

Result<TemporaryFolder> TemporaryFolder::create() {
  std::string base = (fs::temp_directory_path() / "kompass-report-XXXXXX").string();
  std::vector<char> buffer(base.begin(), base.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) {
    return model::fail(ErrorKind::internal, "temp_folder_failed", {{"reason", std::strerror(errno)}});
  }
  return TemporaryFolder(std::string(buffer.data()));
}

TemporaryFolder::TemporaryFolder(TemporaryFolder&& other) noexcept : m_path(std::move(other.m_path)) {
  other.m_path.clear();
}

TemporaryFolder::~TemporaryFolder() {
  if (!m_path.empty()) {
    std::error_code ec;
    fs::remove_all(m_path, ec);
  }
}

Result<std::string> TemporaryFolder::write(const std::string& name, const std::string& bytes) const {
  auto path = (fs::path(m_path) / name).string();
  if (!write_bytes(path, bytes)) {
    return model::fail(ErrorKind::internal, "temp_folder_failed", {{"reason", path}});
  }
  return path;
}

} // namespace kompass::report
