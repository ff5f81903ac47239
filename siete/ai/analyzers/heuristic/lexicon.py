"""Spanish cue phrases for each judgement (written plainly; matching ignores accents, case and ASR slips)."""

from __future__ import annotations

from siete.ai.analyzers.heuristic.matching import Phrase


def _phrases(*texts: str) -> tuple[Phrase, ...]:
    return tuple(Phrase.of(text) for text in texts)


GREETING = _phrases("buenos días", "buen día", "buenas tardes", "buenas noches", "hola", "bienvenid*",
                    "mucho gusto", "qué tal", "le saluda", "lo saluda", "la saluda")
IDENTIFICATION = _phrases("mi nombre es", "me llamo", "le atiende", "lo atiende", "la atiende", "les atiende",
                          "le saluda", "lo saluda", "la saluda", "soy su asesor*", "soy el asesor*",
                          "soy la asesor*", "soy su ejecutiv*", "soy el ejecutiv*", "soy la ejecutiv*")
OFFER = _phrases("le ofrezco", "le ofrecemos", "le puedo ofrecer", "le podemos ofrecer", "ofrecerle",
                 "tenemos una promoción", "tenemos promoci*", "tenemos el plan", "tenemos un plan",
                 "tenemos una oferta", "tenemos un descuento", "promoción", "descuento", "le interesa",
                 "se lo activo", "quiere contratar", "le gustaría contratar", "le conviene", "le recomiendo el plan")
CLOSURE = _phrases("algo más en que le pueda ayudar", "algo más en que le puedo ayudar", "algo más en",
                   "algo más que", "necesita algo más",
                   "gracias por su visita", "gracias por su preferencia", "gracias por venir", "gracias por elegir*",
                   "gracias por su paciencia", "que tenga buen día", "que tenga un buen día", "que tenga excelente",
                   "que tenga un excelente", "que tenga buena tarde", "que tenga linda", "que le vaya bien",
                   "hasta luego", "hasta pronto", "adiós", "vuelva pronto", "a la orden", "a sus órdenes",
                   "fue un placer", "estamos para servirle")
THANKS = _phrases("gracias")
VALUE_ADDED = _phrases("le recomiendo", "le aconsejo", "le sugiero", "un consejo", "le dejo mi", "por si necesita",
                       "le explico", "le enseño", "le ayudo a", "también le puedo", "además le", "puede descargar",
                       "la aplicación", "para que no", "le comparto", "le envío", "le mando la información",
                       "cualquier duda", "le anoto")

POSITIVE = _phrases("excelente", "muchas gracias", "muy amable", "muy bien", "perfecto", "me encanta", "genial",
                    "qué bueno", "estupendo", "le agradezco", "suena bien", "muy rápido", "buen servicio",
                    "buena atención", "me ayudó", "maravilloso", "muy contento", "muy contenta", "de lujo")
COMPLAINT = _phrases("queja", "quejarme", "reclamo", "reclamar", "molest*", "enojad*", "pésimo", "terrible",
                     "horrible", "mal servicio", "mala atención", "no funciona", "no sirve", "lento", "lenta", "me cobraron",
                     "cobraron de más", "cobro indebido", "cobro de más", "no me explicaron", "no me explica*",
                     "nadie me", "no me resolvieron", "no me resuelven", "sigue igual", "gracias por nada",
                     "una burla", "inaceptable", "una falla", "tiene falla*", "fallando", "no me atendieron", "qué mal",
                     "decepcion*", "indignad*", "harto", "harta", "cansado de", "cansada de")
# Refusals and brush-offs: negative whoever says them (usually the employee).
REFUSAL = _phrases("no se puede hacer nada", "no puedo hacer nada", "no lo veo yo", "no es mi área",
                   "no es mi problema", "no le puedo ayudar", "como quiera")
WAIT = _phrases("una hora", "horas esperando", "dos horas", "tres horas", "varias horas", "esperando", "esperé", "la espera", "fila", "mucho tiempo", "demor*",
                "tardan", "tardaron", "tardó", "media hora", "minutos esperando")
THREAT = _phrases("cancelar", "cancelo", "cancelación", "dar de baja", "darme de baja", "me doy de baja",
                  "la competencia", "me cambio de compañía", "cambiarme de compañía", "otra compañía", "otra empresa",
                  "no vuelvo", "nunca más", "me voy a ir", "profeco", "denuncia", "demanda", "abogado",
                  "redes sociales")
REPEAT_VISIT = _phrases("tercera vez", "segunda vez", "cuarta vez", "otra vez", "de nuevo", "ya vine",
                        "vine ayer", "mismo problema", "ya había venido", "varias veces", "vuelvo a venir")
CALL = _phrases("llamé", "ya llamé", "llamada", "llamadas", "centro de atención", "call center",
                "por teléfono", "línea de atención")
TRANSFER = _phrases("me transfirieron", "transfirieron", "me pasaron", "me mandaron", "otra ventanilla",
                    "otro departamento", "otra área", "otra sucursal", "tiene que ir", "vaya a")
PAPERWORK = _phrases("requisitos", "formulario", "traer", "documentos", "papeles", "fotocopia")
NEED = _phrases("necesito", "quiero", "quisiera", "busco", "estoy buscando", "cuánto cuesta", "precio",
                "cambiar mi", "cambiar de plan", "más megas", "más datos", "mejor plan", "contratar", "renovar",
                "me gustaría")
INTEREST = _phrases("me interesa", "lo quiero", "me lo llevo", "sí por favor", "suena bien", "acepto",
                    "está bien", "de acuerdo", "hagámoslo", "actívelo")

# Who is speaking, for turns without diarization: cues typical of the employee or of the customer.
EMPLOYEE = _phrases("en qué le puedo ayudar", "le puedo ayudar", "le podemos ayudar", "bienvenid*",
                    "le ofrezco", "tenemos", "le recomiendo", "su visita", "firme", "pase", "permítame",
                    "su número", "su cuenta", "su plan", "le atiende", "se lo activo", "ya quedó", "qué necesita",
                    "dígame", "en qué le", "algo más en que", "tiene el plan", "listo")
CUSTOMER = _phrases("quiero", "necesito", "vengo", "vine", "me cobraron", "mi plan", "mi factura", "mi celular",
                    "mi teléfono", "mi cuenta", "mi servicio", "llevo", "estoy esperando", "me transfirieron",
                    "me mandaron", "muy amable", "cuánto cuesta", "me interesa", "quisiera", "me voy",
                    "voy a cancelar", "ya fui", "ya llamé", "estoy muy")

TOPICS = {
    "Facturación y cobros": _phrases("factura", "cobro", "cobraron", "cargo", "pago", "recibo"),
    "Planes y promociones": _phrases("plan", "promoción", "descuento", "oferta", "megas", "paquete"),
    "Soporte técnico": _phrases("internet", "lento", "módem", "señal", "no funciona", "falla", "conexión"),
    "Equipos": _phrases("celular", "teléfono", "equipo", "módem"),
    "Tiempos de espera": WAIT,
    "Cancelación y retención": THREAT,
    "Transferencias y reprocesos": TRANSFER + REPEAT_VISIT,
}
