// The C surface of json-c that JukeboxJSON uses. Only JukeboxJSON imports this module.
#ifndef JUKEBOX_CJSONC_SHIM_H
#define JUKEBOX_CJSONC_SHIM_H
#include <json.h>
#endif
