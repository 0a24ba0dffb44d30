// Discovery files (see discovery.h).
#include "inspector/discovery.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace jsvm {
namespace inspector {

std::string WriteDiscoveryFile(const Server& server, const std::string& name, int name_pid) {
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");
  std::string dir = std::string(runtime != nullptr && *runtime != '\0' ? runtime : "/tmp") + "/jsvm-desktop-inspect";
  mkdir(dir.c_str(), 0700);  // EEXIST is fine
  std::string path = dir + "/" + std::to_string(getpid()) + "-" + std::to_string(server.port()) + ".json";
  std::string extra = ",\n  \"pid\": " + std::to_string(getpid()) + ",\n  \"port\": " + std::to_string(server.port());
  if (!name.empty()) extra += ",\n  \"name\": " + JsonString(name) + ",\n  \"namePid\": " + std::to_string(name_pid);
  std::string text = server.ListEntry(extra) + "\n";
  // Written under a temporary name and renamed: a reader never sees half a file.
  std::string temporary = path + ".tmp";
  FILE* file = std::fopen(temporary.c_str(), "w");
  if (file == nullptr) return "";
  bool ok = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  ok = std::fclose(file) == 0 && ok;
  if (!ok || std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    return "";
  }
  return path;
}

void RemoveDiscoveryFile(const std::string& path) {
  if (!path.empty()) std::remove(path.c_str());
}

}  // namespace inspector
}  // namespace jsvm
