/*
 * jukebox_client.h: a small C client of the jukeboxd socket protocol, on json-c.
 *
 * jukebox-protocol(7) is the reference; this library is a thin convenience over it for
 * local tools written in C (a DAW plugin, a sampler). One connection serves one request
 * at a time, in order; jobs keep running in the daemon when the connection closes.
 *
 *     jukebox_client *client;
 *     if (jukebox_connect(NULL, &client) != JUKEBOX_OK) { ... }   // $JUKEBOX_SOCKET or the system socket
 *     json_object *fields = json_object_new_object();
 *     json_object_object_add(fields, "model", json_object_new_string("classical"));
 *     json_object_object_add(fields, "mode", json_object_new_string("primed"));
 *     json_object_object_add(fields, "seconds", json_object_new_double(6));
 *     jukebox_add_primer_file(fields, "verse.wav");                // primer_base64
 *     char job[JUKEBOX_JOB_ID_MAX + 1];
 *     jukebox_error e = jukebox_submit(client, fields, on_event, NULL, job);
 *     if (e == JUKEBOX_OK) e = jukebox_fetch(client, job, 0, "take.wav");
 *     if (e != JUKEBOX_OK) fprintf(stderr, "%s: %s\n", jukebox_error_name(e), jukebox_message(client));
 *     json_object_put(fields);
 *     jukebox_close(client);
 *
 * Build: cc -c jukebox_client.c $(pkg-config --cflags json-c); link with $(pkg-config --libs json-c).
 */
#ifndef JUKEBOX_CLIENT_H
#define JUKEBOX_CLIENT_H

#include <stddef.h>

#include <json-c/json.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The protocol version this library speaks. */
#define JUKEBOX_PROTOCOL 1
/* The system daemon's socket, used when neither an argument nor $JUKEBOX_SOCKET names one. */
#define JUKEBOX_SYSTEM_SOCKET "/run/jukeboxd/jukeboxd.sock"
/* The longest job id (jukebox-protocol(7): 1 to 64 characters). */
#define JUKEBOX_JOB_ID_MAX 64

/*
 * What a call returned. JUKEBOX_OK is 0; the codes from JUKEBOX_BAD_JSON to JUKEBOX_JOB_ENDED
 * are the protocol's stable error codes (ERROR CODES in jukebox-protocol(7)), in the page's
 * order, with fixed values; a code this library does not know is JUKEBOX_INTERNAL, as the
 * page asks. The codes from 100 are the library's own. jukebox_error_name() gives the
 * protocol's word ("unknown_model") for each.
 */
typedef enum jukebox_error {
    JUKEBOX_OK = 0,
    JUKEBOX_BAD_JSON = 1,        /* bad_json */
    JUKEBOX_LINE_TOO_LONG = 2,   /* line_too_long */
    JUKEBOX_TOO_DEEP = 3,        /* too_deep */
    JUKEBOX_BAD_REQUEST = 4,     /* bad_request */
    JUKEBOX_UNKNOWN_OP = 5,      /* unknown_op */
    JUKEBOX_UNKNOWN_FIELD = 6,   /* unknown_field */
    JUKEBOX_MISSING_FIELD = 7,   /* missing_field */
    JUKEBOX_INVALID_FIELD = 8,   /* invalid_field */
    JUKEBOX_OUT_OF_RANGE = 9,    /* out_of_range */
    JUKEBOX_UNKNOWN_MODEL = 10,  /* unknown_model */
    JUKEBOX_UNKNOWN_ARTIST = 11, /* unknown_artist */
    JUKEBOX_UNKNOWN_GENRE = 12,  /* unknown_genre */
    JUKEBOX_BAD_AUDIO = 13,      /* bad_audio */
    JUKEBOX_BUSY = 14,           /* busy */
    JUKEBOX_NOT_FOUND = 15,      /* not_found */
    JUKEBOX_NOT_READY = 16,      /* not_ready */
    JUKEBOX_FORBIDDEN = 17,      /* forbidden */
    JUKEBOX_CANCELLED = 18,      /* cancelled: also a watched job that was cancelled */
    JUKEBOX_SHUTTING_DOWN = 19,  /* shutting_down */
    JUKEBOX_INTERNAL = 20,       /* internal, and any code this library does not know */
    JUKEBOX_NUMERIC_ERROR = 21,  /* numeric_error */
    JUKEBOX_CRASHED = 22,        /* crashed */
    JUKEBOX_DISK_FULL = 23,      /* disk_full */
    JUKEBOX_TIMEOUT = 24,        /* timeout */
    JUKEBOX_NO_SPACE = 25,       /* no_space */
    JUKEBOX_JOB_ACTIVE = 26,     /* job_active */
    JUKEBOX_LAST_TAKE = 27,      /* last_take */
    JUKEBOX_JOB_ENDED = 28,      /* job_ended */

    JUKEBOX_E_SYSTEM = 100,   /* a system call failed (connect, read, write, a file): errno is kept */
    JUKEBOX_E_CLOSED = 101,   /* the daemon closed the connection */
    JUKEBOX_E_PROTOCOL = 102, /* the daemon sent something this library cannot read */
    JUKEBOX_E_ARGUMENT = 103, /* a bad argument to a library function */
    JUKEBOX_E_STOPPED = 104   /* the event callback returned non-zero; the job goes on */
} jukebox_error;

/* One connection. */
typedef struct jukebox_client jukebox_client;

/*
 * Called for every event of a watched job (accepted, progress, level-done, paused, done,
 * failed, cancelled), borrowed for the call. Return 0 to go on, non-zero to stop watching
 * (the call then returns JUKEBOX_E_STOPPED; the job keeps running).
 */
typedef int (*jukebox_event_fn)(json_object *event, void *user);

/*
 * Connects to `socket_path` (NULL: $JUKEBOX_SOCKET, else JUKEBOX_SYSTEM_SOCKET) and reads the
 * greeting. On JUKEBOX_OK, *out is a client to pass to jukebox_close(); on failure *out is a
 * client too when it could be allocated (read jukebox_message(), then close it), else NULL.
 */
jukebox_error jukebox_connect(const char *socket_path, jukebox_client **out);

/* Closes the connection and frees the client; NULL is ignored. */
void jukebox_close(jukebox_client *client);

/* The greeting (type hello: protocol, version, ops, limits), borrowed from the client. */
json_object *jukebox_hello(const jukebox_client *client);

/* The message of the last error (the daemon's message, or the library's), or "". */
const char *jukebox_message(const jukebox_client *client);

/* The request member the last error names (the protocol's "field"), or NULL. */
const char *jukebox_field(const jukebox_client *client);

/* The protocol's word for `error` ("unknown_model"), or the library's ("system", "closed"...). */
const char *jukebox_error_name(jukebox_error error);

/* The enum value of a protocol error code; JUKEBOX_INTERNAL for a code it does not know. */
jukebox_error jukebox_error_from_code(const char *code);

/*
 * Sends one request (`op` plus the members of `fields`, which may be NULL; borrowed) and
 * stores its single reply in *reply (the caller releases it with json_object_put). An error
 * reply returns its code, with jukebox_message() and jukebox_field() set.
 */
jukebox_error jukebox_request(jukebox_client *client, const char *op, json_object *fields, json_object **reply);

/*
 * Reads the file at `path` and adds it to `fields` as primer_base64. Returns JUKEBOX_OK,
 * JUKEBOX_E_SYSTEM (the file cannot be read) or JUKEBOX_E_ARGUMENT.
 */
jukebox_error jukebox_add_primer_file(json_object *fields, const char *path);

/*
 * Submits a job and watches it to its end: `fields` are the submit members of
 * jukebox-protocol(7) (model, mode, primer_base64 or primer_path, seconds, takes, ...;
 * borrowed; "op", "id" and "watch" are added by the library). Every event goes to
 * `on_event` (may be NULL). `job`, when not NULL, receives the job id (JUKEBOX_JOB_ID_MAX + 1
 * bytes) as soon as the job is accepted. Returns JUKEBOX_OK when the job is done, its error
 * code when it failed, JUKEBOX_CANCELLED when it was cancelled, or the submit's error code.
 */
jukebox_error jukebox_submit(
    jukebox_client *client, json_object *fields, jukebox_event_fn on_event, void *user, char *job);

/* Watches a job of the caller's user until it ends; results as jukebox_submit(). */
jukebox_error jukebox_watch(jukebox_client *client, const char *job, jukebox_event_fn on_event, void *user);

/*
 * Fetches take `take` of `job` (level 0, the job's format) and writes the audio file to
 * `path`, replacing it atomically (a temporary file beside it, then rename).
 */
jukebox_error jukebox_fetch(jukebox_client *client, const char *job, int take, const char *path);

#ifdef __cplusplus
}
#endif

#endif
