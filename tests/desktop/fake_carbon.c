/* A stand-in for the parts of macOS's Carbon framework that
 * desktop/global_shortcut/macos.py calls, for the Linux test suite (there is no Carbon
 * here). Same C names and signatures as the real headers (Events.h, CarbonEvents.h,
 * TextInputSources.h, UnicodeUtilities.h), so the ctypes prototypes, the structures
 * passed by value and the handler callback are exercised for real. It checks its
 * arguments the way Carbon documents them and returns Carbon's error codes.
 *
 * The keyboard layout is AZERTY-like: the key at the US "A" place (code 0x00) types
 * "q" and the one at "Q" (0x0C) types "a", so a layout lookup can be told from the
 * US table. fake_* functions are the test's controls.
 */
#include <stdint.h>
#include <string.h>

typedef int32_t OSStatus;
typedef struct { uint32_t signature; uint32_t id; } EventHotKeyID;
typedef struct { uint32_t eventClass; uint32_t eventKind; } EventTypeSpec;
typedef OSStatus (*EventHandlerProc)(void *call, void *event, void *data);

#define PARAM_ERR (-50)
#define EVENT_PARAMETER_NOT_FOUND (-9870)
#define EVENT_HOT_KEY_EXISTS (-9878)
#define EVENT_HOT_KEY_INVALID (-9879)
#define KEYB 0x6B657962u /* 'keyb' */
#define DIRECT_OBJECT 0x2D2D2D2Du /* '----' */
#define HKID 0x686B6964u /* 'hkid' */
#define EXCLUSIVE 2u

static int application_target;
static EventHandlerProc handler;
static void *handler_data;
static EventTypeSpec handler_spec;
static int handler_ref;

struct hot_key { int used, other; uint32_t code, mods; EventHotKeyID id; };
static struct hot_key keys[8];
struct event { uint32_t event_class, kind; EventHotKeyID id; };

void *GetApplicationEventTarget(void) { return &application_target; }

OSStatus InstallEventHandler(void *target, EventHandlerProc proc, unsigned long count,
                             const EventTypeSpec *types, void *data, void **out) {
    if (target != &application_target || !proc || count != 1 || !types || !out || handler)
        return PARAM_ERR;
    handler = proc;
    handler_data = data;
    handler_spec = types[0];
    *out = &handler_ref;
    return 0;
}

OSStatus RemoveEventHandler(void *ref) {
    if (ref != &handler_ref || !handler) return PARAM_ERR;
    handler = 0;
    return 0;
}

static OSStatus add_key(uint32_t code, uint32_t mods, EventHotKeyID id, uint32_t options,
                        int other, void **out) {
    for (int i = 0; i < 8; i++)
        if (keys[i].used && keys[i].code == code && keys[i].mods == mods &&
            (options & EXCLUSIVE))
            return EVENT_HOT_KEY_EXISTS;
    for (int i = 0; i < 8; i++)
        if (!keys[i].used) {
            keys[i] = (struct hot_key){1, other, code, mods, id};
            if (out) *out = &keys[i];
            return 0;
        }
    return PARAM_ERR;
}

OSStatus RegisterEventHotKey(uint32_t code, uint32_t mods, EventHotKeyID id, void *target,
                             uint32_t options, void **out) {
    if (target != &application_target || !out || code > 127) return PARAM_ERR;
    return add_key(code, mods, id, options, 0, out);
}

OSStatus UnregisterEventHotKey(void *ref) {
    struct hot_key *key = ref;
    if (key < keys || key >= keys + 8 || !key->used || key->other)
        return EVENT_HOT_KEY_INVALID;
    key->used = 0;
    return 0;
}

OSStatus GetEventParameter(void *event, uint32_t name, uint32_t type, uint32_t *actual_type,
                           unsigned long size, unsigned long *actual_size, void *out) {
    if (!event || name != DIRECT_OBJECT || type != HKID || size != sizeof(EventHotKeyID))
        return EVENT_PARAMETER_NOT_FOUND;
    if (actual_type) *actual_type = HKID;
    if (actual_size) *actual_size = sizeof(EventHotKeyID);
    memcpy(out, &((struct event *)event)->id, sizeof(EventHotKeyID));
    return 0;
}

/* --- the keyboard layout ---------------------------------------------------------- */

static int input_source, layout_property, sources_held;
static const unsigned char layout_bytes[] = "uchr";
const void *kTISPropertyUnicodeKeyLayoutData = &layout_property;
static const char us_layout[] = "asdfhgzxcv\0bqweryt123465=97-80]ou[ip\0lj'k;\\,/nm.";

void *TISCopyCurrentASCIICapableKeyboardLayoutInputSource(void) {
    sources_held++;
    return &input_source;
}

void *TISGetInputSourceProperty(void *source, const void *key) {
    if (source != &input_source || key != &layout_property) return 0;
    return (void *)layout_bytes; /* stands for the CFData */
}

const unsigned char *CFDataGetBytePtr(void *data) { return data; }

void CFRelease(void *ref) {
    if (ref == &input_source) sources_held--;
}

uint8_t LMGetKbdType(void) { return 40; }

OSStatus UCKeyTranslate(const void *layout, uint16_t code, uint16_t action,
                        uint32_t mods, uint32_t keyboard, uint32_t options,
                        uint32_t *dead, unsigned long max, unsigned long *length,
                        uint16_t *chars) {
    if (layout != layout_bytes || action != 3 || keyboard != 40 || !dead || !length)
        return PARAM_ERR;
    *length = 0;
    if (code >= sizeof(us_layout) - 1 || !us_layout[code] || max < 1) return 0;
    char c = us_layout[code];
    if (c == 'a') c = 'q'; else if (c == 'q') c = 'a';
    chars[0] = (uint16_t)c;
    *length = 1;
    return 0;
}

/* --- the test's controls ------------------------------------------------------------ */

/* Another program registers a hot key (exclusively). */
int fake_hold(uint32_t code, uint32_t mods) {
    EventHotKeyID id = {0x4F544852u /* 'OTHR' */, 1};
    return add_key(code, mods, id, EXCLUSIVE, 1, 0);
}

/* The other programs quit. */
void fake_release_others(void) {
    for (int i = 0; i < 8; i++)
        if (keys[i].other) keys[i].used = 0;
}

/* The user presses code+mods: the registered hot key's handler runs, as Carbon's event
 * dispatch would. Returns the handler's status, or 1 when no handler was called. */
int fake_press(uint32_t code, uint32_t mods) {
    for (int i = 0; i < 8; i++)
        if (keys[i].used && keys[i].code == code && keys[i].mods == mods) {
            if (keys[i].other || !handler || handler_spec.eventClass != KEYB ||
                handler_spec.eventKind != 5)
                return 1;
            struct event event = {KEYB, 5, keys[i].id};
            return handler(0, &event, handler_data);
        }
    return 1;
}

/* Hot keys registered by the app, handlers installed, input sources not released. */
int fake_registered(void) {
    int count = 0;
    for (int i = 0; i < 8; i++) count += keys[i].used && !keys[i].other;
    return count;
}
int fake_handlers(void) { return handler != 0; }
int fake_sources_held(void) { return sources_held; }
