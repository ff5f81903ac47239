"""The one catalogue of what a user reads about a refused upload or a failed analysis, by code: Spanish by default,
English when the request asks for it. Never a tool's raw output or a storage name (those go to the logs)."""
from flask import has_request_context, request

LANGUAGES = ("es", "en")
REPROCESS = ("Un administrador puede volver a procesarla.", "An admin can reprocess it.")
UPLOAD_AGAIN = ("Vuelve a subir la grabación completa.", "Please upload the full recording again.")

MESSAGES = {
    # Refused uploads (the API answers 413/415/422 with these).
    "empty_file": ("El archivo está vacío.", "The file is empty."),
    "file_too_large": ("El video pesa más de {max_mb} MB.", "The video is larger than {max_mb} MB."),
    "unsupported_media_type": (
        "El archivo no es un video que podamos leer (mp4, mov, webm, mkv o avi).",
        "The file is not a video this platform can read (mp4, mov, webm, mkv or avi)."),
    "video_too_long": (
        "El video dura {duration}; el máximo es {limit}. Sube solo la interacción de servicio.",
        "The video lasts {duration}; the maximum is {limit}. Upload only the service interaction."),
    # Failed runs (evaluations.error_code).
    "media_missing": ("El video ya no está disponible. " + UPLOAD_AGAIN[0], "The video is no longer available. "
                      + UPLOAD_AGAIN[1]),
    "no_audio_track": ("El video no tiene audio. Graba de nuevo con el micrófono activado y súbelo otra vez.",
                       "The video has no sound. Record again with the microphone on and upload it again."),
    "unreadable_media": ("No pudimos leer el video: el archivo está dañado o no es un video. " + UPLOAD_AGAIN[0],
                         "We could not read the video: the file is damaged or not a video. " + UPLOAD_AGAIN[1]),
    "truncated_media": ("El video está incompleto: se cortó antes de terminar. " + UPLOAD_AGAIN[0],
                        "The video is incomplete: it stops before its end. " + UPLOAD_AGAIN[1]),
    "no_speech": (
        "No escuchamos ninguna conversación en el video. Graba la interacción con el micrófono cerca y súbela de nuevo.",
        "We heard no conversation in the video. Record the interaction with the microphone close by and upload it "
        "again."),
    "too_little_speech": (
        "Escuchamos muy poca conversación para evaluar la atención. Graba la interacción completa, con el "
        "micrófono cerca, y súbela de nuevo.",
        "We heard too little conversation to judge the service. Record the whole interaction, with the microphone "
        "close by, and upload it again."),
    "transcript_missing": ("Falta la transcripción. " + REPROCESS[0], "The transcript is missing. " + REPROCESS[1]),
    "step_timeout": ("El análisis tardó más de lo permitido. " + REPROCESS[0],
                     "The analysis took longer than allowed. " + REPROCESS[1]),
    "worker_killed": ("El sistema detuvo el procesamiento de este video varias veces (puede ser demasiado pesado). "
                      + REPROCESS[0], "The system stopped processing this video several times (it may be too "
                      "heavy). " + REPROCESS[1]),
    "stuck": ("El análisis se detuvo varias veces. " + REPROCESS[0], "The analysis stopped several times. "
              + REPROCESS[1]),
    "internal_error": ("Un error inesperado detuvo el análisis; nuestro equipo fue avisado. " + REPROCESS[0],
                       "An unexpected error stopped the analysis; our team has been alerted. " + REPROCESS[1]),
    "stream_error": ("Cloudflare Stream no pudo procesar el video. " + UPLOAD_AGAIN[0],
                     "Cloudflare Stream could not process the video. " + UPLOAD_AGAIN[1]),
    "ai_not_configured": ("El servicio de análisis no está configurado. Avisa a un administrador.",
                          "The analysis service is not configured. Tell an admin."),
    "ai_auth_failed": ("El servicio de análisis rechazó nuestras credenciales. Avisa a un administrador.",
                       "The analysis service refused our credentials. Tell an admin."),
    "ai_quota_exceeded": ("Se agotó la cuota del servicio de análisis. Avisa a un administrador.",
                          "The analysis service's quota is used up. Tell an admin."),
    "ai_invalid_output": ("El servicio de análisis no dio un resultado válido. " + REPROCESS[0],
                          "The analysis service did not give a valid result. " + REPROCESS[1]),
    "ai_bad_request": ("El servicio de análisis no aceptó la grabación. " + REPROCESS[0],
                       "The analysis service did not accept the recording. " + REPROCESS[1]),
}
# Transient faults that outlasted every retry: a service was down for too long.
UNAVAILABLE = ("Un servicio externo no respondió a tiempo, ni después de varios intentos. " + REPROCESS[0],
               "An external service did not answer in time, even after several attempts. " + REPROCESS[1])
GENERIC = ("No pudimos analizar la evaluación. " + REPROCESS[0], "We could not analyze the evaluation. "
           + REPROCESS[1])


def request_language():
    """'en' when the request prefers English, else Spanish (also outside a request: workers, notifications)."""
    if not has_request_context():
        return "es"
    current = request._get_current_object()
    language = current.__dict__.get("_siete_language")
    if language is None:  # once per request: a list page asks for every row that failed
        language = current.__dict__["_siete_language"] = (
            request.accept_languages.best_match(LANGUAGES, default="es") or "es")
    return language


def message_for(code, language=None, **values):
    """The user's text for a code (refusals fill in `values`); unknown codes get a generic text, never the detail."""
    texts = MESSAGES.get(code)
    if texts is None:
        transient = code in ("service_unavailable", "ai_unavailable", "ai_timeout", "ai_rate_limited") or (
            (code or "").startswith("stream_"))
        texts = UNAVAILABLE if transient else GENERIC
    return texts[LANGUAGES.index(language or request_language())].format(**values)
