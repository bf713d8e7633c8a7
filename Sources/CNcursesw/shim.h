#ifndef AIMSAUDIT_CNCURSESW_SHIM_H
#define AIMSAUDIT_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <langinfo.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

/* Swift 6 rejects C globals and cast macros: accessors for what the terminal layer needs. */
static inline WINDOW *aims_stdscr(void) { return stdscr; }
static inline int aims_colors(void) { return COLORS; }
static inline int aims_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *aims_stdout(void) { return stdout; }
static inline FILE *aims_stdin(void) { return stdin; }
static inline attr_t aims_a_bold(void) { return A_BOLD; }
static inline attr_t aims_a_dim(void) { return A_DIM; }
static inline attr_t aims_a_underline(void) { return A_UNDERLINE; }
static inline attr_t aims_a_reverse(void) { return A_REVERSE; }
static inline attr_t aims_a_normal(void) { return A_NORMAL; }
static inline int aims_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int aims_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline int aims_has_cup(void) { const char *c = tigetstr("cup"); return c != NULL && c != (char *)-1; }
static inline const char *aims_codeset(void) { return nl_langinfo(CODESET); }
static inline int aims_key_f(int n) { return KEY_F(n); }
#endif
