/*
 * The few PKCS#11 v2.40 types the card simulator needs, written out so that building it needs no
 * development package. Layouts follow the OASIS PKCS#11 v2.40 headers for Unix (CK_ULONG is unsigned
 * long, structures not packed).
 */
#ifndef CARDSIM_PKCS11_MIN_H
#define CARDSIM_PKCS11_MIN_H

typedef unsigned char CK_BYTE;
typedef unsigned char CK_UTF8CHAR;
typedef unsigned long CK_ULONG;
typedef CK_ULONG CK_RV;
typedef CK_ULONG CK_FLAGS;
typedef CK_ULONG CK_SLOT_ID;
typedef CK_ULONG CK_SESSION_HANDLE;
typedef CK_ULONG CK_USER_TYPE;
typedef CK_ULONG CK_STATE;

typedef struct CK_VERSION {
    CK_BYTE major;
    CK_BYTE minor;
} CK_VERSION;

typedef struct CK_TOKEN_INFO {
    CK_UTF8CHAR label[32];
    CK_UTF8CHAR manufacturerID[32];
    CK_UTF8CHAR model[16];
    CK_BYTE serialNumber[16];
    CK_FLAGS flags;
    CK_ULONG ulMaxSessionCount;
    CK_ULONG ulSessionCount;
    CK_ULONG ulMaxRwSessionCount;
    CK_ULONG ulRwSessionCount;
    CK_ULONG ulMaxPinLen;
    CK_ULONG ulMinPinLen;
    CK_ULONG ulTotalPublicMemory;
    CK_ULONG ulFreePublicMemory;
    CK_ULONG ulTotalPrivateMemory;
    CK_ULONG ulFreePrivateMemory;
    CK_VERSION hardwareVersion;
    CK_VERSION firmwareVersion;
    CK_BYTE utcTime[16];
} CK_TOKEN_INFO;

typedef struct CK_SESSION_INFO {
    CK_SLOT_ID slotID;
    CK_STATE state;
    CK_FLAGS flags;
    CK_ULONG ulDeviceError;
} CK_SESSION_INFO;

typedef CK_RV (*CK_C_Initialize)(void *init_args);
typedef CK_RV (*CK_C_Finalize)(void *reserved);
typedef CK_RV (*CK_C_GetTokenInfo)(CK_SLOT_ID slot, CK_TOKEN_INFO *info);
typedef CK_RV (*CK_C_InitPIN)(CK_SESSION_HANDLE session, CK_UTF8CHAR *pin, CK_ULONG pin_len);
typedef CK_RV (*CK_C_GetSessionInfo)(CK_SESSION_HANDLE session, CK_SESSION_INFO *info);
typedef CK_RV (*CK_C_Login)(CK_SESSION_HANDLE session, CK_USER_TYPE user_type, CK_UTF8CHAR *pin, CK_ULONG pin_len);

struct CK_FUNCTION_LIST;
typedef struct CK_FUNCTION_LIST CK_FUNCTION_LIST;
typedef CK_RV (*CK_C_GetFunctionList)(CK_FUNCTION_LIST **list);

/* The v2.40 function list: the version, then 68 function pointers in the standard's order. Only the
 * ones the simulator touches are typed; the rest are carried over unchanged. */
#define CARDSIM_FUNCTION_COUNT 68
struct CK_FUNCTION_LIST {
    CK_VERSION version;
    CK_C_Initialize C_Initialize;           /* 0 */
    CK_C_Finalize C_Finalize;               /* 1 */
    void *C_GetInfo;                        /* 2 */
    CK_C_GetFunctionList C_GetFunctionList; /* 3 */
    void *C_GetSlotList;                    /* 4 */
    void *C_GetSlotInfo;                    /* 5 */
    CK_C_GetTokenInfo C_GetTokenInfo;       /* 6 */
    void *C_GetMechanismList;               /* 7 */
    void *C_GetMechanismInfo;               /* 8 */
    void *C_InitToken;                      /* 9 */
    CK_C_InitPIN C_InitPIN;                 /* 10 */
    void *C_SetPIN;                         /* 11 */
    void *C_OpenSession;                    /* 12 */
    void *C_CloseSession;                   /* 13 */
    void *C_CloseAllSessions;               /* 14 */
    CK_C_GetSessionInfo C_GetSessionInfo;   /* 15 */
    void *C_GetOperationState;              /* 16 */
    void *C_SetOperationState;              /* 17 */
    CK_C_Login C_Login;                     /* 18 */
    void *rest[CARDSIM_FUNCTION_COUNT - 19];/* 19..67: C_Logout .. C_WaitForSlotEvent */
};

#define CKR_OK                     0x000UL
#define CKR_GENERAL_ERROR          0x005UL
#define CKR_ARGUMENTS_BAD          0x007UL
#define CKR_PIN_INCORRECT          0x0A0UL
#define CKR_PIN_LOCKED             0x0A4UL
#define CKR_USER_ALREADY_LOGGED_IN 0x100UL

#define CKU_SO                0UL
#define CKU_USER              1UL
#define CKU_CONTEXT_SPECIFIC  2UL

#define CKF_USER_PIN_COUNT_LOW (1UL << 16)
#define CKF_USER_PIN_FINAL_TRY (1UL << 17)
#define CKF_USER_PIN_LOCKED    (1UL << 18)

#endif
