// Crash reports for test runs: see crash_report.cc.
#ifndef JSVM_DESKTOP_CRASH_REPORT_H
#define JSVM_DESKTOP_CRASH_REPORT_H

#include <string>

// Installs the crash handler for this process (the calling thread gets the
// alternate signal stack), writing reports to `path`. False with `error` set
// when the file cannot be opened.
bool InstallCrashReport(const char* path, std::string* error);

#endif  // JSVM_DESKTOP_CRASH_REPORT_H
