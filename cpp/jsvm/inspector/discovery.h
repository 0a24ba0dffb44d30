// Making an open inspector findable without reading logs: one JSON file per
// inspector in ${XDG_RUNTIME_DIR:-/tmp}/jsvm-desktop-inspect/<pid>-<port>.json
// holding the target's /json/list entry plus "pid" and "port" (and "name" for
// OH_JSVM_OpenInspectorWithName). Tools (and the tests) list the directory.
#ifndef JSVM_DESKTOP_INSPECTOR_DISCOVERY_H
#define JSVM_DESKTOP_INSPECTOR_DISCOVERY_H

#include <string>

#include "inspector/server.h"

namespace jsvm {
namespace inspector {

// Writes the file; returns its path ("" if it could not be written: the
// inspector still works, the log line says so).
std::string WriteDiscoveryFile(const Server& server, const std::string& name, int name_pid);
void RemoveDiscoveryFile(const std::string& path);

}  // namespace inspector
}  // namespace jsvm

#endif  // JSVM_DESKTOP_INSPECTOR_DISCOVERY_H
