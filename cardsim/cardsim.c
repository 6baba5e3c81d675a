/*
 * cardsim: a PKCS#11 module that makes SoftHSM2 tokens behave like SITHS cards when the PIN is wrong.
 *
 * SoftHSM2 never locks a user PIN. A real SITHS card locks after three wrong PINs and then refuses every
 * login until a SITHS administrator unblocks it. This shim loads the real module (CARDSIM_REAL_MODULE,
 * default /usr/lib/softhsm/libsofthsm2.so), hands out a copy of its function list, and replaces:
 *
 *   C_Login        counts wrong user PINs per token (by token serial) in CARDSIM_STATE_DIR/<serial>.tries;
 *                  the third wrong PIN and every login after it return CKR_PIN_LOCKED; a correct PIN before
 *                  that resets the count.
 *   C_GetTokenInfo sets CKF_USER_PIN_COUNT_LOW / CKF_USER_PIN_FINAL_TRY / CKF_USER_PIN_LOCKED from the count.
 *   C_InitPIN      a successful unblock by the security officer resets the count, as on a real card.
 *
 * CARDSIM_STATE_DIR must be set (C_Initialize fails without it): the counts survive restarts of the card
 * agent, like a real card's retry counter does. Every other function is the real module's own.
 *
 * Build: gcc -shared -fPIC -O2 -Wall -o libcardsim.so cardsim.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "pkcs11_min.h"

#define DEFAULT_REAL_MODULE "/usr/lib/softhsm/libsofthsm2.so"
#define MAX_TRIES 3

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static void *real_handle = NULL;
static CK_FUNCTION_LIST *real = NULL;
static CK_FUNCTION_LIST wrapped;

static CK_RV cardsim_load(void)
{
    CK_RV rv = CKR_OK;
    pthread_mutex_lock(&load_lock);
    if (real == NULL) {
        const char *path = getenv("CARDSIM_REAL_MODULE");
        if (path == NULL || *path == '\0')
            path = DEFAULT_REAL_MODULE;
        real_handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (real_handle == NULL) {
            fprintf(stderr, "cardsim: cannot load %s: %s\n", path, dlerror());
            rv = CKR_GENERAL_ERROR;
        } else {
            CK_C_GetFunctionList get = (CK_C_GetFunctionList)dlsym(real_handle, "C_GetFunctionList");
            if (get == NULL || get(&real) != CKR_OK || real == NULL) {
                fprintf(stderr, "cardsim: %s has no usable C_GetFunctionList\n", path);
                real = NULL;
                rv = CKR_GENERAL_ERROR;
            }
        }
    }
    pthread_mutex_unlock(&load_lock);
    return rv;
}

/* The token's serial as a file name: letters and digits only, trailing padding dropped. */
static int token_key(CK_SLOT_ID slot, char *out, size_t size)
{
    CK_TOKEN_INFO info;
    size_t n = 0;
    if (real->C_GetTokenInfo(slot, &info) != CKR_OK)
        return -1;
    for (size_t i = 0; i < sizeof(info.serialNumber) && n + 1 < size; i++) {
        unsigned char c = info.serialNumber[i];
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            out[n++] = (char)c;
    }
    out[n] = '\0';
    return n > 0 ? 0 : -1;
}

/* Open and lock (exclusively) the retry-counter file of a token; -1 when there is none to be had. */
static int state_open(const char *key)
{
    const char *dir = getenv("CARDSIM_STATE_DIR");
    char path[4096];
    int fd;
    if (dir == NULL || *dir == '\0')
        return -1;
    if (snprintf(path, sizeof(path), "%s/%s.tries", dir, key) >= (int)sizeof(path))
        return -1;
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    if (flock(fd, LOCK_EX) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int state_read(int fd)
{
    char buf[32];
    ssize_t n;
    if (lseek(fd, 0, SEEK_SET) < 0)
        return 0;
    n = read(fd, buf, sizeof(buf) - 1);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    return atoi(buf);
}

static void state_write(int fd, int tries)
{
    char buf[32];
    int n = snprintf(buf, sizeof(buf), "%d\n", tries);
    if (ftruncate(fd, 0) == 0 && lseek(fd, 0, SEEK_SET) == 0 && write(fd, buf, (size_t)n) != n)
        fprintf(stderr, "cardsim: could not write retry counter: %s\n", strerror(errno));
}

static void state_close(int fd)
{
    flock(fd, LOCK_UN);
    close(fd);
}

static int tries_of_slot(CK_SLOT_ID slot)
{
    char key[64];
    int fd, tries;
    if (token_key(slot, key, sizeof(key)) != 0 || (fd = state_open(key)) < 0)
        return 0;
    tries = state_read(fd);
    state_close(fd);
    return tries;
}

static CK_RV cardsim_Initialize(void *init_args)
{
    const char *dir = getenv("CARDSIM_STATE_DIR");
    if (dir == NULL || *dir == '\0') {
        fprintf(stderr, "cardsim: CARDSIM_STATE_DIR is not set\n");
        return CKR_GENERAL_ERROR;
    }
    return real->C_Initialize(init_args);
}

static CK_RV cardsim_GetTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO *info)
{
    CK_RV rv = real->C_GetTokenInfo(slot, info);
    int tries;
    if (rv != CKR_OK || info == NULL)
        return rv;
    info->flags &= ~(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED);
    tries = tries_of_slot(slot);
    if (tries >= MAX_TRIES)
        info->flags |= CKF_USER_PIN_LOCKED;
    else if (tries == MAX_TRIES - 1)
        info->flags |= CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY;
    else if (tries > 0)
        info->flags |= CKF_USER_PIN_COUNT_LOW;
    return CKR_OK;
}

static CK_RV cardsim_Login(CK_SESSION_HANDLE session, CK_USER_TYPE user_type, CK_UTF8CHAR *pin, CK_ULONG pin_len)
{
    CK_SESSION_INFO sinfo;
    char key[64];
    int fd, tries;
    CK_RV rv;

    if (user_type != CKU_USER && user_type != CKU_CONTEXT_SPECIFIC)
        return real->C_Login(session, user_type, pin, pin_len);
    rv = real->C_GetSessionInfo(session, &sinfo);
    if (rv != CKR_OK)
        return rv;
    if (token_key(sinfo.slotID, key, sizeof(key)) != 0 || (fd = state_open(key)) < 0)
        return CKR_GENERAL_ERROR; /* never fall back to a card that cannot lock */

    tries = state_read(fd);
    if (tries >= MAX_TRIES) {
        rv = CKR_PIN_LOCKED;
    } else {
        rv = real->C_Login(session, user_type, pin, pin_len);
        if (rv == CKR_PIN_INCORRECT) {
            tries++;
            state_write(fd, tries);
            if (tries >= MAX_TRIES)
                rv = CKR_PIN_LOCKED;
        } else if ((rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN) && tries != 0) {
            state_write(fd, 0);
        }
    }
    state_close(fd);
    return rv;
}

static CK_RV cardsim_InitPIN(CK_SESSION_HANDLE session, CK_UTF8CHAR *pin, CK_ULONG pin_len)
{
    CK_SESSION_INFO sinfo;
    char key[64];
    int fd;
    CK_RV rv = real->C_InitPIN(session, pin, pin_len);
    if (rv == CKR_OK && real->C_GetSessionInfo(session, &sinfo) == CKR_OK
        && token_key(sinfo.slotID, key, sizeof(key)) == 0 && (fd = state_open(key)) >= 0) {
        state_write(fd, 0);
        state_close(fd);
    }
    return rv;
}

CK_RV C_GetFunctionList(CK_FUNCTION_LIST **list)
{
    if (list == NULL)
        return CKR_ARGUMENTS_BAD;
    if (cardsim_load() != CKR_OK)
        return CKR_GENERAL_ERROR;
    pthread_mutex_lock(&load_lock);
    wrapped = *real;
    wrapped.version.major = 2;
    wrapped.version.minor = 40;
    wrapped.C_Initialize = cardsim_Initialize;
    wrapped.C_GetFunctionList = C_GetFunctionList;
    wrapped.C_GetTokenInfo = cardsim_GetTokenInfo;
    wrapped.C_Login = cardsim_Login;
    wrapped.C_InitPIN = cardsim_InitPIN;
    pthread_mutex_unlock(&load_lock);
    *list = &wrapped;
    return CKR_OK;
}
