/*
 * CNCursesw: a thin C shim over ncursesw for the Terminal module.
 *
 * ncurses exposes much of its API as global variables (stdscr, COLS, LINES,
 * COLORS, COLOR_PAIRS) and function-like or bit-twiddling macros (COLOR_PAIR,
 * getmaxyx, A_BOLD, ...). Swift cannot import those reliably, so this header
 * wraps each one in a `static inline` function or a plain enum constant, in the
 * spirit of apple/swift-nio's CNIOLinux.h. Swift code calls only `cnc_*`
 * names and plain ncurses functions.
 *
 * Only Sources/Terminal may import this module.
 *
 * The header keeps no state of its own: Swift compiles static inline functions
 * into every object file that uses them, so a `static` variable here would be
 * silently duplicated.
 */
#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H

/* Wide-character curses API (get_wch, setcchar, mvadd_wch, cchar_t). */
#define _XOPEN_SOURCE_EXTENDED 1
#include <ncursesw/curses.h>

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* MARK: - Global variables */

/** The standard screen window of the current screen. */
static inline WINDOW *cnc_stdscr(void) { return stdscr; }
/** Columns of the current screen (updated by ncurses on resize). */
static inline int cnc_cols(void) { return COLS; }
/** Lines of the current screen (updated by ncurses on resize). */
static inline int cnc_lines(void) { return LINES; }
/** Number of colours the terminal supports; valid after start_color(). */
static inline int cnc_colors(void) { return COLORS; }
/** Number of colour pairs the terminal supports; valid after start_color(). */
static inline int cnc_color_pairs(void) { return COLOR_PAIRS; }
/** Milliseconds ncurses waits after ESC for the rest of an escape sequence. */
static inline int cnc_set_escdelay(int milliseconds) { return set_escdelay(milliseconds); }

/* MARK: - Macros */

/** The attribute bits selecting colour pair `n` (the COLOR_PAIR macro). */
static inline attr_t cnc_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }

/** The size of `window` in lines and columns (the getmaxyx macro). */
static inline void cnc_getmaxyx(WINDOW *window, int *lines, int *columns) {
    int y, x;
    getmaxyx(window, y, x);
    *lines = y;
    *columns = x;
}

/** Video attributes (the A_* macros). */
static inline attr_t cnc_a_normal(void) { return A_NORMAL; }
static inline attr_t cnc_a_bold(void) { return A_BOLD; }
static inline attr_t cnc_a_dim(void) { return A_DIM; }
static inline attr_t cnc_a_reverse(void) { return A_REVERSE; }
static inline attr_t cnc_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cnc_a_standout(void) { return A_STANDOUT; }

/** Return codes and the key codes the Terminal module decodes. */
enum {
    CNC_OK = OK,
    CNC_ERR = ERR,
    /** get_wch stored a function-key code rather than a character. */
    CNC_KEY_CODE_YES = KEY_CODE_YES,
    CNC_KEY_DOWN = KEY_DOWN,
    CNC_KEY_UP = KEY_UP,
    CNC_KEY_LEFT = KEY_LEFT,
    CNC_KEY_RIGHT = KEY_RIGHT,
    CNC_KEY_HOME = KEY_HOME,
    CNC_KEY_END = KEY_END,
    CNC_KEY_NPAGE = KEY_NPAGE,
    CNC_KEY_PPAGE = KEY_PPAGE,
    CNC_KEY_BACKSPACE = KEY_BACKSPACE,
    CNC_KEY_DC = KEY_DC,
    CNC_KEY_IC = KEY_IC,
    CNC_KEY_ENTER = KEY_ENTER,
    CNC_KEY_BTAB = KEY_BTAB,
    /** KEY_F(n) is KEY_F0 + n for n in 0...63. */
    CNC_KEY_F0 = KEY_F0,
    CNC_KEY_F_MAX = KEY_F(63),
    /** Delivered by get_wch after SIGWINCH once ncurses has resized. */
    CNC_KEY_RESIZE = KEY_RESIZE,
    /** Maximum wide characters in one cell: a spacing char plus combining marks. */
    CNC_CCHARW_MAX = CCHARW_MAX,
    /** Colour numbers of the eight basic colours. */
    CNC_COLOR_BLACK = COLOR_BLACK,
    CNC_COLOR_RED = COLOR_RED,
    CNC_COLOR_GREEN = COLOR_GREEN,
    CNC_COLOR_YELLOW = COLOR_YELLOW,
    CNC_COLOR_BLUE = COLOR_BLUE,
    CNC_COLOR_MAGENTA = COLOR_MAGENTA,
    CNC_COLOR_CYAN = COLOR_CYAN,
    CNC_COLOR_WHITE = COLOR_WHITE,
};

/* MARK: - Wide-character input and output */

/**
 * Puts one cell at (y, x) of stdscr: `text` is a NUL-terminated wide string of
 * one spacing character followed by at most CCHARW_MAX - 2 combining marks.
 * `attributes` must not contain colour bits; the pair is passed separately.
 * Returns OK or ERR (ERR is expected, and harmless, in the bottom-right cell).
 */
static inline int cnc_put_wide(int y, int x, const wchar_t *text, attr_t attributes, int pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attributes, (NCURSES_PAIRS_T)pair, NULL) == ERR) {
        return ERR;
    }
    return mvadd_wch(y, x, &cell);
}

/**
 * Reads one key from stdscr, honouring the current timeout. Returns OK with a
 * character in *key, CNC_KEY_CODE_YES with a KEY_* code in *key, or ERR when
 * the timeout expired.
 */
static inline int cnc_get_wch(wint_t *key) { return get_wch(key); }

/** Sets the stdscr read timeout: < 0 blocks, 0 polls, > 0 waits that many ms. */
static inline void cnc_timeout(int milliseconds) { timeout(milliseconds); }

/*
 * The C library's idea of a character's column width, which is what ncurses
 * uses to place it. Declared here because glibc only declares wcwidth under
 * _XOPEN_SOURCE, which would hide other declarations.
 */
extern int wcwidth(wchar_t character);

/** Columns the C library (and so ncurses) gives `character`; -1 if unprintable. */
static inline int cnc_wcwidth(wchar_t character) { return wcwidth(character); }

/* MARK: - Locale */

/**
 * Adopts the user's locale (setlocale(LC_ALL, "")). If that does not use UTF-8,
 * for example because LANG is unset in a container, switches LC_CTYPE to
 * C.UTF-8 so Chinese text can be read and drawn. Returns 1 when the active
 * character encoding is UTF-8, 0 otherwise. Call before initscr/newterm.
 */
static inline int cnc_adopt_utf8_locale(void) {
    setlocale(LC_ALL, "");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0) {
        return 1;
    }
    if (setlocale(LC_CTYPE, "C.UTF-8") == NULL && setlocale(LC_CTYPE, "C.utf8") == NULL) {
        return 0;
    }
    return strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

/* MARK: - Restoring the terminal on abnormal exit */

/** Leaves curses mode if it is active; safe to call any number of times. */
static inline void cnc_restore_terminal(void) {
    if (!isendwin()) {
        endwin();
    }
}

static inline void cnc_restore_at_exit(void) { cnc_restore_terminal(); }

/* The signals whose arrival restores the terminal first (see below). */
#define CNC_RESTORE_SIGNAL_COUNT 10
static inline const int *cnc_restore_signals(void) {
    static const int signals[CNC_RESTORE_SIGNAL_COUNT] = {
        SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGTRAP,
    };
    return signals;
}

/* What each of those signals did before: the Swift runtime's crash backtracer, say. */
static inline struct sigaction *cnc_previous_actions(void) {
    static struct sigaction previous[CNC_RESTORE_SIGNAL_COUNT];
    return previous;
}

/*
 * Restores the terminal, then lets the signal take its course. A fault the
 * kernel raised (SIGSEGV, SIGBUS, SIGFPE, SIGILL or SIGTRAP with a positive
 * si_code: a Swift trap, a bad access) goes to what handled it before this
 * handler was installed, the Swift runtime's crash backtracer, so its
 * backtrace shows on a restored terminal. Anything else (Ctrl-C, a hangup,
 * kill, raise, abort) gets its default action, as it always has.
 * Either is put back and the re-raised signal is delivered as soon as this
 * handler returns. endwin is not formally async-signal-safe, but leaving the
 * user's terminal in raw mode is worse.
 */
static inline void cnc_restore_and_reraise(int signal_number, siginfo_t *info, void *context) {
    (void)context;
    cnc_restore_terminal();
    struct sigaction next;
    memset(&next, 0, sizeof next);
    next.sa_handler = SIG_DFL;
    sigemptyset(&next.sa_mask);
    int fault = signal_number == SIGSEGV || signal_number == SIGBUS || signal_number == SIGFPE ||
                signal_number == SIGILL || signal_number == SIGTRAP;
    if (fault && info != NULL && info->si_code > 0) {
        const int *signals = cnc_restore_signals();
        for (int index = 0; index < CNC_RESTORE_SIGNAL_COUNT; index++) {
            const struct sigaction *previous = &cnc_previous_actions()[index];
            if (signals[index] == signal_number && ((previous->sa_flags & SA_SIGINFO) || previous->sa_handler != SIG_IGN)) {
                next = *previous;
            }
        }
    }
    sigaction(signal_number, &next, NULL);
    raise(signal_number);
}

/**
 * Installs handlers for SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGABRT,
 * SIGBUS, SIGFPE, SIGILL and SIGTRAP (a Swift runtime trap is SIGILL on x86-64
 * and SIGTRAP on arm64) that restore the terminal and let the signal take its
 * course (see cnc_restore_and_reraise), plus an atexit hook that restores it on exit(). Call once,
 * after curses is started (later calls do nothing). SIGWINCH is left to ncurses,
 * which turns it into KEY_RESIZE. Returns 0, or -1 if any handler could not be
 * installed.
 */
static inline int cnc_install_restore_handlers(void) {
    /* Once per process: a second call would record these handlers as what came before. */
    static int installed = 0;
    if (installed) {
        return 0;
    }
    installed = 1;
    const int *signals = cnc_restore_signals();
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = cnc_restore_and_reraise;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    int result = 0;
    for (int index = 0; index < CNC_RESTORE_SIGNAL_COUNT; index++) {
        if (sigaction(signals[index], &action, &cnc_previous_actions()[index]) != 0) {
            result = -1;
        }
    }
    if (atexit(cnc_restore_at_exit) != 0) {
        result = -1;
    }
    return result;
}

#endif /* CNCURSESW_SHIM_H */
