/*
 * jsvm-desktop: HiLog for the desktop (libhilog_ndk.z.so).
 *
 * The device's <hilog/log.h> API: OH_LOG_Print and the OH_LOG_DEBUG..FATAL
 * macros, with the same privacy rules and line format. Lines go to stderr and
 * to an in-process sink that TypeScript can subscribe to (ets/hilog.ts).
 * Set JSVM_HILOG_PRIVATE=off to print private values (like `hilog -p off`).
 */
#ifndef HIVIEWDFX_HILOG_NDK_H
#define HIVIEWDFX_HILOG_NDK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The service domain of a source file; define it before including this header. */
#ifndef LOG_DOMAIN
#define LOG_DOMAIN 0
#endif

/** The tag of a source file; define it before including this header. NULL prints nothing. */
#ifndef LOG_TAG
#define LOG_TAG NULL
#endif

typedef enum {
    /** Application logs. */
    LOG_APP = 0,
} LogType;

typedef enum {
    LOG_DEBUG = 3,
    LOG_INFO = 4,
    LOG_WARN = 5,
    LOG_ERROR = 6,
    LOG_FATAL = 7,
} LogLevel;

/**
 * Prints a log line. Each conversion is private (printed as <private>) unless
 * written %{public}...; %{private}... is private explicitly. Returns the number
 * of bytes of the message, or -1 when nothing was printed (NULL tag or format,
 * domain above 0xFFFF, a %n conversion, a level filtered out).
 */
int OH_LOG_Print(LogType type, LogLevel level, unsigned int domain, const char* tag, const char* fmt, ...);

/** As OH_LOG_Print, with a va_list. */
int OH_LOG_VPrint(LogType type, LogLevel level, unsigned int domain, const char* tag, const char* fmt, va_list ap);

/** Prints `message` as it is (no formatting, no masking). */
int OH_LOG_PrintMsg(LogType type, LogLevel level, unsigned int domain, const char* tag, const char* message);

/** As OH_LOG_PrintMsg, with explicit lengths. */
int OH_LOG_PrintMsgByLen(LogType type, LogLevel level, unsigned int domain, const char* tag, size_t tagLen,
                         const char* message, size_t messageLen);

/** Whether a line of this domain, tag and level would be printed. */
bool OH_LOG_IsLoggable(unsigned int domain, const char* tag, LogLevel level);

/** Receives every printed line (after formatting) besides the normal output. */
typedef void (*LogCallback)(const LogType type, const LogLevel level, const unsigned int domain, const char* tag,
                            const char* msg);
void OH_LOG_SetCallback(LogCallback callback);

/** Lines below this level are not printed (default LOG_DEBUG: all). */
void OH_LOG_SetMinLogLevel(LogLevel level);

#define OH_LOG_DEBUG(type, ...) ((void)OH_LOG_Print((type), LOG_DEBUG, LOG_DOMAIN, LOG_TAG, __VA_ARGS__))
#define OH_LOG_INFO(type, ...) ((void)OH_LOG_Print((type), LOG_INFO, LOG_DOMAIN, LOG_TAG, __VA_ARGS__))
#define OH_LOG_WARN(type, ...) ((void)OH_LOG_Print((type), LOG_WARN, LOG_DOMAIN, LOG_TAG, __VA_ARGS__))
#define OH_LOG_ERROR(type, ...) ((void)OH_LOG_Print((type), LOG_ERROR, LOG_DOMAIN, LOG_TAG, __VA_ARGS__))
#define OH_LOG_FATAL(type, ...) ((void)OH_LOG_Print((type), LOG_FATAL, LOG_DOMAIN, LOG_TAG, __VA_ARGS__))

/* ---- desktop only: the sink TypeScript reads (ets/hilog.ts) ---- */

/** Moves up to `max` buffered lines into `lines` (each malloc'ed; free them). Returns how many. */
size_t JSVM_Desktop_HilogDrain(char** lines, size_t max);

/** Turns printing to stderr on or off (the sink always receives lines). */
void JSVM_Desktop_HilogSetStderr(bool enabled);

/** Writes the last (up to 20) lines logged, drained or not, one per line, to `fd`; for crash reports. */
size_t JSVM_Desktop_HilogWriteRecent(int fd);

#ifdef __cplusplus
}
#endif

#endif /* HIVIEWDFX_HILOG_NDK_H */
