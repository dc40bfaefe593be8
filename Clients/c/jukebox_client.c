/*
 * jukebox_client.c: the jukeboxd socket protocol (jukebox-protocol(7)) over json-c.
 * See jukebox_client.h for the interface.
 */
#define _POSIX_C_SOURCE 200809L

#include "jukebox_client.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* The longest line read from the daemon: an audio reply holds a whole take as base64. */
#define MAX_REPLY_BYTES ((size_t)1 << 30)
/* The deepest JSON the daemon sends is far shallower; the protocol allows 16. */
#define MAX_DEPTH 32

struct jukebox_client {
    int fd;
    json_object *hello;
    long next_id;
    char *buffer; /* bytes read and not yet returned as lines */
    size_t used;
    size_t capacity;
    char message[512];
    char field[128];
    int has_field;
};

/* The protocol's codes, indexed by their enum value (1 ... 28). */
static const char *const protocol_codes[] = {
    NULL,           "bad_json",       "line_too_long", "too_deep",      "bad_request",   "unknown_op",
    "unknown_field", "missing_field",  "invalid_field", "out_of_range",  "unknown_model", "unknown_artist",
    "unknown_genre", "bad_audio",      "busy",          "not_found",     "not_ready",     "forbidden",
    "cancelled",     "shutting_down",  "internal",      "numeric_error", "crashed",       "disk_full",
    "timeout",       "no_space",       "job_active",    "last_take",     "job_ended",
};
#define PROTOCOL_CODE_COUNT (sizeof protocol_codes / sizeof protocol_codes[0])

const char *jukebox_error_name(jukebox_error error) {
    if (error == JUKEBOX_OK) return "ok";
    if ((size_t)error < PROTOCOL_CODE_COUNT) return protocol_codes[error];
    switch (error) {
    case JUKEBOX_E_SYSTEM: return "system";
    case JUKEBOX_E_CLOSED: return "closed";
    case JUKEBOX_E_PROTOCOL: return "protocol";
    case JUKEBOX_E_ARGUMENT: return "argument";
    case JUKEBOX_E_STOPPED: return "stopped";
    default: return "unknown";
    }
}

jukebox_error jukebox_error_from_code(const char *code) {
    if (code == NULL) return JUKEBOX_INTERNAL;
    for (size_t i = 1; i < PROTOCOL_CODE_COUNT; i++) {
        if (strcmp(code, protocol_codes[i]) == 0) return (jukebox_error)i;
    }
    return JUKEBOX_INTERNAL;
}

/* Records the library's own message and returns `error`. */
static jukebox_error fail(jukebox_client *client, jukebox_error error, const char *what) {
    if (client != NULL) {
        if (error == JUKEBOX_E_SYSTEM) {
            snprintf(client->message, sizeof client->message, "%s: %s", what, strerror(errno));
        } else {
            snprintf(client->message, sizeof client->message, "%s", what);
        }
        client->has_field = 0;
    }
    return error;
}

/* Records the daemon's error object ({code, message, field}) and returns its code. */
static jukebox_error fail_with(jukebox_client *client, json_object *error_object) {
    json_object *code = NULL, *message = NULL, *field = NULL;
    json_object_object_get_ex(error_object, "code", &code);
    json_object_object_get_ex(error_object, "message", &message);
    json_object_object_get_ex(error_object, "field", &field);
    snprintf(client->message, sizeof client->message, "%s",
        json_object_is_type(message, json_type_string) ? json_object_get_string(message) : "");
    client->has_field = json_object_is_type(field, json_type_string);
    if (client->has_field) snprintf(client->field, sizeof client->field, "%s", json_object_get_string(field));
    return jukebox_error_from_code(json_object_is_type(code, json_type_string) ? json_object_get_string(code) : NULL);
}

const char *jukebox_message(const jukebox_client *client) { return client != NULL ? client->message : ""; }

const char *jukebox_field(const jukebox_client *client) {
    return client != NULL && client->has_field ? client->field : NULL;
}

json_object *jukebox_hello(const jukebox_client *client) { return client != NULL ? client->hello : NULL; }

/* Writes all of `bytes`. */
static jukebox_error send_all(jukebox_client *client, const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t n = send(client->fd, bytes, count, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail(client, JUKEBOX_E_SYSTEM, "cannot send to the daemon");
        bytes += n;
        count -= (size_t)n;
    }
    return JUKEBOX_OK;
}

/* Reads the next line from the daemon and parses it into *out (an object). */
static jukebox_error read_object(jukebox_client *client, json_object **out) {
    *out = NULL;
    for (;;) {
        char *newline = client->used > 0 ? memchr(client->buffer, '\n', client->used) : NULL;
        if (newline != NULL) {
            size_t length = (size_t)(newline - client->buffer);
            json_tokener *tokener = json_tokener_new_ex(MAX_DEPTH);
            if (tokener == NULL) return fail(client, JUKEBOX_E_SYSTEM, "cannot allocate a JSON parser");
            json_object *object = json_tokener_parse_ex(tokener, client->buffer, (int)length);
            enum json_tokener_error parsed = json_tokener_get_error(tokener);
            json_tokener_free(tokener);
            memmove(client->buffer, newline + 1, client->used - length - 1);
            client->used -= length + 1;
            if (length == 0) continue;
            if (parsed != json_tokener_success || !json_object_is_type(object, json_type_object)) {
                json_object_put(object);
                return fail(client, JUKEBOX_E_PROTOCOL, "the daemon sent a line that is not a JSON object");
            }
            *out = object;
            return JUKEBOX_OK;
        }
        if (client->used == client->capacity) {
            if (client->capacity >= MAX_REPLY_BYTES) {
                return fail(client, JUKEBOX_E_PROTOCOL, "the daemon sent a line longer than 1 GiB");
            }
            size_t capacity = client->capacity == 0 ? 1 << 16 : client->capacity * 2;
            char *grown = realloc(client->buffer, capacity);
            if (grown == NULL) return fail(client, JUKEBOX_E_SYSTEM, "cannot hold the daemon's line");
            client->buffer = grown;
            client->capacity = capacity;
        }
        ssize_t n = read(client->fd, client->buffer + client->used, client->capacity - client->used);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail(client, JUKEBOX_E_SYSTEM, "cannot read from the daemon");
        if (n == 0) return fail(client, JUKEBOX_E_CLOSED, "the daemon closed the connection");
        client->used += (size_t)n;
    }
}

jukebox_error jukebox_connect(const char *socket_path, jukebox_client **out) {
    *out = NULL;
    if (socket_path == NULL) socket_path = getenv("JUKEBOX_SOCKET");
    if (socket_path == NULL || socket_path[0] == '\0') socket_path = JUKEBOX_SYSTEM_SOCKET;
    jukebox_client *client = calloc(1, sizeof *client);
    if (client == NULL) return JUKEBOX_E_SYSTEM;
    client->fd = -1;
    client->next_id = 1;
    *out = client;

    struct sockaddr_un address = {.sun_family = AF_UNIX};
    if (strlen(socket_path) >= sizeof address.sun_path) {
        return fail(client, JUKEBOX_E_ARGUMENT, "the socket path is longer than 107 bytes");
    }
    strcpy(address.sun_path, socket_path);
    client->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (client->fd < 0) return fail(client, JUKEBOX_E_SYSTEM, "cannot make a socket");
    if (connect(client->fd, (struct sockaddr *)&address, sizeof address) != 0) {
        char what[160];
        snprintf(what, sizeof what, "cannot connect to %s", socket_path);
        return fail(client, JUKEBOX_E_SYSTEM, what);
    }
    json_object *hello = NULL;
    jukebox_error error = read_object(client, &hello);
    if (error != JUKEBOX_OK) return error;
    json_object *type = NULL, *protocol = NULL, *error_object = NULL;
    json_object_object_get_ex(hello, "type", &type);
    json_object_object_get_ex(hello, "protocol", &protocol);
    if (type != NULL && strcmp(json_object_get_string(type), "error") == 0
        && json_object_object_get_ex(hello, "error", &error_object)) {
        error = fail_with(client, error_object); /* busy: too many connections */
        json_object_put(hello);
        return error;
    }
    if (type == NULL || strcmp(json_object_get_string(type), "hello") != 0
        || !json_object_is_type(protocol, json_type_int) || json_object_get_int(protocol) != JUKEBOX_PROTOCOL) {
        json_object_put(hello);
        return fail(client, JUKEBOX_E_PROTOCOL, "the daemon does not greet with protocol 1");
    }
    client->hello = hello;
    return JUKEBOX_OK;
}

void jukebox_close(jukebox_client *client) {
    if (client == NULL) return;
    if (client->fd >= 0) close(client->fd);
    json_object_put(client->hello);
    free(client->buffer);
    free(client);
}

/* Sends `op` with `fields` (borrowed, may be NULL) and a fresh id, stored in *id. */
static jukebox_error send_request(jukebox_client *client, const char *op, json_object *fields, long *id) {
    json_object *request = json_object_new_object();
    if (request == NULL) return fail(client, JUKEBOX_E_SYSTEM, "cannot build the request");
    json_object_object_add(request, "op", json_object_new_string(op));
    *id = client->next_id++;
    json_object_object_add(request, "id", json_object_new_int64(*id));
    if (fields != NULL) {
        json_object_object_foreach(fields, key, value) {
            if (strcmp(key, "op") == 0 || strcmp(key, "id") == 0) continue;
            json_object_object_add(request, key, json_object_get(value));
        }
    }
    size_t length = 0;
    const char *text = json_object_to_json_string_length(request, JSON_C_TO_STRING_PLAIN, &length);
    jukebox_error error = send_all(client, text, length);
    if (error == JUKEBOX_OK) error = send_all(client, "\n", 1);
    json_object_put(request);
    return error;
}

/*
 * The next line about request `id` (lines for other ids are skipped). An error reply, or a
 * line with a null id (the daemon could not read the request), returns its code.
 */
static jukebox_error next_reply(jukebox_client *client, long id, json_object **reply) {
    for (;;) {
        jukebox_error error = read_object(client, reply);
        if (error != JUKEBOX_OK) return error;
        json_object *reply_id = NULL, *type = NULL, *error_object = NULL;
        int has_id = json_object_object_get_ex(*reply, "id", &reply_id) && reply_id != NULL;
        if (has_id && !(json_object_is_type(reply_id, json_type_int) && json_object_get_int64(reply_id) == id)) {
            json_object_put(*reply);
            continue;
        }
        json_object_object_get_ex(*reply, "type", &type);
        if (type != NULL && strcmp(json_object_get_string(type), "error") == 0) {
            error = json_object_object_get_ex(*reply, "error", &error_object)
                ? fail_with(client, error_object)
                : fail(client, JUKEBOX_INTERNAL, "an error without an error object");
            json_object_put(*reply);
            *reply = NULL;
            return error;
        }
        if (!has_id) {
            json_object_put(*reply);
            continue;
        }
        client->message[0] = '\0';
        client->has_field = 0;
        return JUKEBOX_OK;
    }
}

jukebox_error jukebox_request(jukebox_client *client, const char *op, json_object *fields, json_object **reply) {
    *reply = NULL;
    if (client == NULL || op == NULL) return fail(client, JUKEBOX_E_ARGUMENT, "no client or no op");
    long id = 0;
    jukebox_error error = send_request(client, op, fields, &id);
    return error != JUKEBOX_OK ? error : next_reply(client, id, reply);
}

/* Reads the events of request `id` until the job ends, passing each to `on_event`. */
static jukebox_error follow(jukebox_client *client, long id, jukebox_event_fn on_event, void *user, char *job) {
    for (;;) {
        json_object *event = NULL;
        jukebox_error error = next_reply(client, id, &event);
        if (error != JUKEBOX_OK) return error;
        json_object *type_object = NULL, *job_object = NULL, *error_object = NULL;
        json_object_object_get_ex(event, "type", &type_object);
        const char *type = type_object != NULL ? json_object_get_string(type_object) : "";
        if (job != NULL && strcmp(type, "accepted") == 0 && json_object_object_get_ex(event, "job", &job_object)) {
            snprintf(job, JUKEBOX_JOB_ID_MAX + 1, "%s", json_object_get_string(job_object));
        }
        int stop = on_event != NULL ? on_event(event, user) : 0;
        if (strcmp(type, "done") == 0) {
            error = JUKEBOX_OK;
        } else if (strcmp(type, "failed") == 0) {
            error = json_object_object_get_ex(event, "error", &error_object)
                ? fail_with(client, error_object)
                : fail(client, JUKEBOX_INTERNAL, "the job failed");
        } else if (strcmp(type, "cancelled") == 0) {
            error = fail(client, JUKEBOX_CANCELLED, "the job was cancelled");
        } else if (stop) {
            error = fail(client, JUKEBOX_E_STOPPED, "stopped watching; the job goes on");
        } else {
            json_object_put(event);
            continue;
        }
        json_object_put(event);
        return error;
    }
}

jukebox_error jukebox_submit(
    jukebox_client *client, json_object *fields, jukebox_event_fn on_event, void *user, char *job) {
    if (client == NULL || !json_object_is_type(fields, json_type_object)) {
        return fail(client, JUKEBOX_E_ARGUMENT, "submit needs a client and an object of fields");
    }
    if (job != NULL) job[0] = '\0';
    json_object *request = json_object_new_object();
    json_object_object_foreach(fields, key, value) {
        json_object_object_add(request, key, json_object_get(value));
    }
    json_object_object_add(request, "watch", json_object_new_boolean(1));
    long id = 0;
    jukebox_error error = send_request(client, "submit", request, &id);
    json_object_put(request);
    return error != JUKEBOX_OK ? error : follow(client, id, on_event, user, job);
}

jukebox_error jukebox_watch(jukebox_client *client, const char *job, jukebox_event_fn on_event, void *user) {
    if (client == NULL || job == NULL) return fail(client, JUKEBOX_E_ARGUMENT, "watch needs a client and a job");
    json_object *fields = json_object_new_object();
    json_object_object_add(fields, "job", json_object_new_string(job));
    long id = 0;
    jukebox_error error = send_request(client, "watch", fields, &id);
    json_object_put(fields);
    return error != JUKEBOX_OK ? error : follow(client, id, on_event, user, NULL);
}

/* Base64 (RFC 4648, padded). */
static const char base64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Encodes `count` bytes; the result is malloc'ed and NUL-terminated, or NULL. */
static char *base64_encode(const unsigned char *bytes, size_t count) {
    char *text = malloc((count + 2) / 3 * 4 + 1);
    if (text == NULL) return NULL;
    char *out = text;
    for (size_t i = 0; i < count; i += 3) {
        unsigned long group = (unsigned long)bytes[i] << 16;
        if (i + 1 < count) group |= (unsigned long)bytes[i + 1] << 8;
        if (i + 2 < count) group |= bytes[i + 2];
        *out++ = base64_alphabet[(group >> 18) & 63];
        *out++ = base64_alphabet[(group >> 12) & 63];
        *out++ = i + 1 < count ? base64_alphabet[(group >> 6) & 63] : '=';
        *out++ = i + 2 < count ? base64_alphabet[group & 63] : '=';
    }
    *out = '\0';
    return text;
}

/* Decodes padded base64 into a malloc'ed buffer; returns its length, or -1 for bad input. */
static long base64_decode(const char *text, size_t length, unsigned char **out) {
    *out = NULL;
    if (length % 4 != 0) return -1;
    unsigned char *bytes = malloc(length / 4 * 3 + 1);
    if (bytes == NULL) return -1;
    size_t count = 0;
    for (size_t i = 0; i < length; i += 4) {
        unsigned long group = 0;
        int padding = 0;
        for (int j = 0; j < 4; j++) {
            char c = text[i + j];
            const char *at = c != '\0' ? strchr(base64_alphabet, c) : NULL;
            if (c == '=' && i + 4 == length && j >= 2) {
                padding++;
            } else if (at == NULL || padding > 0) {
                free(bytes);
                return -1;
            }
            group = group << 6 | (at != NULL ? (unsigned long)(at - base64_alphabet) : 0);
        }
        bytes[count++] = (unsigned char)(group >> 16);
        if (padding < 2) bytes[count++] = (unsigned char)(group >> 8);
        if (padding < 1) bytes[count++] = (unsigned char)group;
    }
    *out = bytes;
    return (long)count;
}

jukebox_error jukebox_add_primer_file(json_object *fields, const char *path) {
    if (!json_object_is_type(fields, json_type_object) || path == NULL) return JUKEBOX_E_ARGUMENT;
    FILE *file = fopen(path, "rb");
    if (file == NULL) return JUKEBOX_E_SYSTEM;
    unsigned char *bytes = NULL;
    size_t count = 0, capacity = 0;
    int failed = 0;
    for (;;) {
        if (count == capacity) {
            capacity = capacity == 0 ? 1 << 16 : capacity * 2;
            unsigned char *grown = realloc(bytes, capacity);
            if (grown == NULL) {
                failed = 1;
                break;
            }
            bytes = grown;
        }
        size_t n = fread(bytes + count, 1, capacity - count, file);
        count += n;
        if (n == 0) break;
    }
    failed = failed || ferror(file) != 0;
    fclose(file);
    char *text = failed || bytes == NULL ? NULL : base64_encode(bytes, count);
    free(bytes);
    if (text == NULL) return JUKEBOX_E_SYSTEM;
    json_object_object_add(fields, "primer_base64", json_object_new_string(text));
    free(text);
    return JUKEBOX_OK;
}

jukebox_error jukebox_fetch(jukebox_client *client, const char *job, int take, const char *path) {
    if (client == NULL || job == NULL || path == NULL || take < 0) {
        return fail(client, JUKEBOX_E_ARGUMENT, "fetch needs a client, a job, a take and a path");
    }
    json_object *fields = json_object_new_object();
    json_object_object_add(fields, "job", json_object_new_string(job));
    json_object_object_add(fields, "take", json_object_new_int(take));
    json_object *reply = NULL;
    jukebox_error error = jukebox_request(client, "fetch", fields, &reply);
    json_object_put(fields);
    if (error != JUKEBOX_OK) return error;
    json_object *audio = NULL;
    unsigned char *bytes = NULL;
    long count = -1;
    if (json_object_object_get_ex(reply, "audio_base64", &audio) && json_object_is_type(audio, json_type_string)) {
        count = base64_decode(json_object_get_string(audio), (size_t)json_object_get_string_len(audio), &bytes);
    }
    json_object_put(reply);
    if (count < 0) return fail(client, JUKEBOX_E_PROTOCOL, "the audio reply holds no valid audio_base64");

    size_t temporary_size = strlen(path) + 16;
    char *temporary = malloc(temporary_size);
    if (temporary == NULL) {
        free(bytes);
        return fail(client, JUKEBOX_E_SYSTEM, "cannot allocate");
    }
    snprintf(temporary, temporary_size, "%s.partXXXXXX", path);
    int fd = mkstemp(temporary);
    error = JUKEBOX_OK;
    if (fd < 0) {
        error = fail(client, JUKEBOX_E_SYSTEM, "cannot create the output file");
    } else {
        size_t written = 0;
        while (written < (size_t)count) {
            ssize_t n = write(fd, bytes + written, (size_t)count - written);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) break;
            written += (size_t)n;
        }
        if (written < (size_t)count || fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
            error = fail(client, JUKEBOX_E_SYSTEM, "cannot write the output file");
        }
        if (close(fd) != 0 && error == JUKEBOX_OK) error = fail(client, JUKEBOX_E_SYSTEM, "cannot write the output file");
        if (error == JUKEBOX_OK && rename(temporary, path) != 0) {
            error = fail(client, JUKEBOX_E_SYSTEM, "cannot rename the output file into place");
        }
        if (error != JUKEBOX_OK) unlink(temporary);
    }
    free(temporary);
    free(bytes);
    return error;
}
