/*
 * jukebox-c-example: continues a primer through jukeboxd with the C client library and
 * writes take 1 as a file.
 *
 *     jukebox-c-example [-s SOCKET] [-m MODEL] [-a ARTIST] [-g GENRE] [-n SECONDS] [-r SEED]
 *                       [-l LEVELS] PRIMER OUT
 *
 * MODEL defaults to classical, SECONDS to 6, LEVELS ("2,1,0", "2,1" or "2") to all three.
 * Progress goes to standard error, the job id and OUT to standard output. The exit status is
 * 0 on success, else the jukebox_error value (for example 10 for unknown_model, 13 for
 * bad_audio, 100 for a system error), and the error's protocol word goes to standard error.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jukebox_client.h"

static int on_event(json_object *event, void *user) {
    (void)user;
    json_object *type = NULL, *stage = NULL, *level = NULL, *completed = NULL, *total = NULL;
    json_object_object_get_ex(event, "type", &type);
    const char *name = json_object_get_string(type);
    if (strcmp(name, "progress") == 0) {
        json_object_object_get_ex(event, "stage", &stage);
        json_object_object_get_ex(event, "level", &level);
        json_object_object_get_ex(event, "completed", &completed);
        json_object_object_get_ex(event, "total", &total);
        fprintf(stderr, "progress %s level %d %lld/%lld\n", json_object_get_string(stage), json_object_get_int(level),
            (long long)json_object_get_int64(completed), (long long)json_object_get_int64(total));
    } else {
        fprintf(stderr, "%s\n", json_object_to_json_string_ext(event, JSON_C_TO_STRING_PLAIN));
    }
    return 0;
}

/* "2,1,0" as a JSON array of integers, or NULL. */
static json_object *parse_levels(const char *text) {
    json_object *levels = json_object_new_array();
    const char *at = text;
    while (*at != '\0') {
        char *end = NULL;
        long level = strtol(at, &end, 10);
        if (end == at || level < 0 || level > 2 || (*end != ',' && *end != '\0')) {
            json_object_put(levels);
            return NULL;
        }
        json_object_array_add(levels, json_object_new_int((int)level));
        at = *end == ',' ? end + 1 : end;
    }
    return levels;
}

static int usage(void) {
    fprintf(stderr, "usage: jukebox-c-example [-s SOCKET] [-m MODEL] [-a ARTIST] [-g GENRE] [-n SECONDS] "
                    "[-r SEED] [-l LEVELS] PRIMER OUT\n");
    return JUKEBOX_E_ARGUMENT;
}

int main(int argc, char **argv) {
    const char *socket_path = NULL, *model = "classical", *artist = NULL, *genre = NULL, *levels_text = NULL;
    double seconds = 6;
    long long seed = -1;
    int option;
    while ((option = getopt(argc, argv, "s:m:a:g:n:r:l:")) != -1) {
        switch (option) {
        case 's': socket_path = optarg; break;
        case 'm': model = optarg; break;
        case 'a': artist = optarg; break;
        case 'g': genre = optarg; break;
        case 'n': seconds = strtod(optarg, NULL); break;
        case 'r': seed = strtoll(optarg, NULL, 10); break;
        case 'l': levels_text = optarg; break;
        default: return usage();
        }
    }
    if (argc - optind != 2) return usage();
    const char *primer = argv[optind], *out = argv[optind + 1];

    json_object *fields = json_object_new_object();
    json_object_object_add(fields, "model", json_object_new_string(model));
    json_object_object_add(fields, "mode", json_object_new_string("primed"));
    json_object_object_add(fields, "seconds", json_object_new_double(seconds));
    json_object_object_add(fields, "takes", json_object_new_int(1));
    if (artist != NULL) json_object_object_add(fields, "artist", json_object_new_string(artist));
    if (genre != NULL) {
        json_object *genres = json_object_new_array();
        json_object_array_add(genres, json_object_new_string(genre));
        json_object_object_add(fields, "genres", genres);
    }
    if (seed >= 0) json_object_object_add(fields, "seed", json_object_new_int64(seed));
    if (levels_text != NULL) {
        json_object *levels = parse_levels(levels_text);
        if (levels == NULL) {
            json_object_put(fields);
            return usage();
        }
        json_object_object_add(fields, "levels", levels);
    }
    if (jukebox_add_primer_file(fields, primer) != JUKEBOX_OK) {
        perror(primer);
        json_object_put(fields);
        return JUKEBOX_E_SYSTEM;
    }

    jukebox_client *client = NULL;
    char job[JUKEBOX_JOB_ID_MAX + 1] = "";
    jukebox_error error = jukebox_connect(socket_path, &client);
    if (error == JUKEBOX_OK) error = jukebox_submit(client, fields, on_event, NULL, job);
    if (error == JUKEBOX_OK) error = jukebox_fetch(client, job, 0, out);
    json_object_put(fields);
    if (error != JUKEBOX_OK) {
        const char *field = jukebox_field(client);
        fprintf(stderr, "jukebox-c-example: %s: %s%s%s%s\n", jukebox_error_name(error), jukebox_message(client),
            field != NULL ? " (field " : "", field != NULL ? field : "", field != NULL ? ")" : "");
        jukebox_close(client);
        return (int)error;
    }
    printf("%s %s\n", job, out);
    jukebox_close(client);
    return 0;
}
