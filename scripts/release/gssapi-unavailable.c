/*
 * The GSS-API calls of libgit2's "Negotiate" (Kerberos/SPNEGO) HTTP authentication, answered with
 * "unavailable", for the release binary (scripts/release.sh).
 *
 * Why: the release links libgit2 statically, and Debian's libgit2 is built with GSS-API, but Debian
 * ships no static Kerberos libraries. nixpacks-ci never uses libgit2's network transports (its
 * fetches run the git command line), so these are never called; were a libgit2 HTTP transport ever
 * asked for Negotiate, that authentication would fail with an error, instead of every machine
 * needing libgssapi_krb5 for a binary that never uses it.
 *
 * The prototypes are MIT Kerberos' (gssapi/gssapi.h), with its opaque handle types as pointers.
 */
#include <stddef.h>
#include <stdint.h>

typedef uint32_t OM_uint32;
typedef void *gss_opaque;

/* GSS_S_UNAVAILABLE: routine error 16, in bits 16-23 of the major status. */
#define GSS_S_UNAVAILABLE (16u << 16)
#define GSS_S_COMPLETE 0u

gss_opaque GSS_C_NT_HOSTBASED_SERVICE = NULL;

static OM_uint32 unavailable(OM_uint32 *minor_status) {
    if (minor_status != NULL) *minor_status = 0;
    return GSS_S_UNAVAILABLE;
}

OM_uint32 gss_indicate_mechs(OM_uint32 *minor_status, gss_opaque *mech_set) {
    if (mech_set != NULL) *mech_set = NULL;
    return unavailable(minor_status);
}

OM_uint32 gss_import_name(OM_uint32 *minor_status, gss_opaque input_name_buffer, gss_opaque input_name_type,
                          gss_opaque *output_name) {
    (void)input_name_buffer; (void)input_name_type;
    if (output_name != NULL) *output_name = NULL;
    return unavailable(minor_status);
}

OM_uint32 gss_init_sec_context(OM_uint32 *minor_status, gss_opaque claimant_cred_handle, gss_opaque *context_handle,
                               gss_opaque target_name, gss_opaque mech_type, OM_uint32 req_flags, OM_uint32 time_req,
                               gss_opaque input_chan_bindings, gss_opaque input_token, gss_opaque *actual_mech_type,
                               gss_opaque output_token, OM_uint32 *ret_flags, OM_uint32 *time_rec) {
    (void)claimant_cred_handle; (void)context_handle; (void)target_name; (void)mech_type; (void)req_flags;
    (void)time_req; (void)input_chan_bindings; (void)input_token; (void)output_token;
    if (actual_mech_type != NULL) *actual_mech_type = NULL;
    if (ret_flags != NULL) *ret_flags = 0;
    if (time_rec != NULL) *time_rec = 0;
    return unavailable(minor_status);
}

OM_uint32 gss_display_status(OM_uint32 *minor_status, OM_uint32 status_value, int status_type, gss_opaque mech_type,
                             OM_uint32 *message_context, gss_opaque status_string) {
    (void)status_value; (void)status_type; (void)mech_type; (void)status_string;
    if (message_context != NULL) *message_context = 0;
    return unavailable(minor_status);
}

/* Releasing: nothing was ever allocated, so there is nothing to free. */
OM_uint32 gss_delete_sec_context(OM_uint32 *minor_status, gss_opaque *context_handle, gss_opaque output_token) {
    (void)output_token;
    if (context_handle != NULL) *context_handle = NULL;
    if (minor_status != NULL) *minor_status = 0;
    return GSS_S_COMPLETE;
}

OM_uint32 gss_release_buffer(OM_uint32 *minor_status, gss_opaque buffer) {
    (void)buffer;
    if (minor_status != NULL) *minor_status = 0;
    return GSS_S_COMPLETE;
}

OM_uint32 gss_release_name(OM_uint32 *minor_status, gss_opaque *input_name) {
    if (input_name != NULL) *input_name = NULL;
    if (minor_status != NULL) *minor_status = 0;
    return GSS_S_COMPLETE;
}

OM_uint32 gss_release_oid_set(OM_uint32 *minor_status, gss_opaque *set) {
    if (set != NULL) *set = NULL;
    if (minor_status != NULL) *minor_status = 0;
    return GSS_S_COMPLETE;
}
