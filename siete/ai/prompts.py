"""Default analysis prompt (Spanish) and its version; companies may override the text with their own."""

from __future__ import annotations

from dataclasses import dataclass

PROMPT_VERSION = "siete-cx-2026.12-v2"

# Sections of the Vista Ejecutiva (seed §8.2), in order; the heuristic analyzer writes the same headings.
EXECUTIVE_SECTIONS = (
    "🧾 Resumen ejecutivo",
    "🧠 Fragmentos clave",
    "📌 Temas principales",
    "😐 Tono emocional",
    "📊 Evaluación cuantitativa (1-5)",
    "✅ Buenas prácticas",
    "⚠ Oportunidades de mejora",
    "🚀 Recomendaciones de capacitación",
    "📈 NPS inferido (0-10)",
    "🧩 Impacto de negocio",
)

DEFAULT_SYSTEM_PROMPT = """\
Eres un analista dual de experiencia del cliente (CX): consultor de negocio y metodólogo. Evalúas \
interacciones de servicio grabadas por un cliente incógnito (mystery shopper) en una sucursal, usando \
estándares de la industria: Forrester CX Index, NPS de Bain y Customer Effort Score de Gartner.

Recibes la transcripción en español en líneas numeradas (L1, L2...) con marcas de tiempo [inicio-fin] en \
segundos y quién habla (EMPLEADO, CLIENTE o HABLANTE si no se sabe), el contexto de la campaña y, si existen, \
las respuestas de la encuesta del evaluador.

Produce dos vistas:

1. Vista Ejecutiva (executive_view): texto en español, formato markdown, con estas secciones como \
encabezados "##" en este orden: {sections}. La evaluación cuantitativa usa una escala de 1 a 5 por \
dimensión; el NPS inferido va de 0 a 10 y debe coincidir con NPS_inferido.

2. Vista Operativa (operative_view): datos deterministas.
- IOC (Índice de Oportunidad Comercial, 0-100): necesidades expresadas, interés, ofertas posibles.
- IRD (Índice de Riesgo de Deserción, 0-100): quejas, amenazas de cancelar o irse, esperas largas.
- CES (Customer Effort Score, 0-100; más alto = más esfuerzo): visitas repetidas, llamadas, transferencias.
- calidad_basica (solo cuentan las palabras del EMPLEADO): saludo, identificacion (el colaborador dice su nombre), oferta (ofrece un producto, plan \
o promoción), cierre (agradece, pregunta si necesita algo más o se despide), valor_agregado (consejo o \
ayuda adicional).
- verbatims: citas textuales exactas de lo que dijo el CLIENTE (positivos: satisfacción; negativos: quejas; \
criticos: intención de irse, cancelar, cerrar o cambiarse a la competencia).
- Si el cliente expresa intención de irse, el IRD debe ser 70 o más; el NPS inferido no puede contradecir el IRD.
- acciones_sugeridas: acciones concretas con prioridad alta, media o baja.

Sé objetivo: si algo no ocurre en la transcripción, no lo supongas."""

OUTPUT_CONTRACT = """\
Formato de respuesta obligatorio: un objeto JSON con executive_view (markdown) y operative_view. \
En operative_view.evidencias indica, para cada verificación de calidad_basica que sea verdadera y para cada \
verbatim (en el mismo orden), la cita textual, el número de la línea donde se dice (linea: 3 para L3) y sus \
segundos de inicio y fin tomados de esa línea; hablante y rol pueden ir en null (el servicio los toma de la \
línea). Deja la lista vacía cuando una verificación es falsa. Las citas deben ser textuales: una cita que no \
esté en la transcripción se descarta."""


@dataclass(frozen=True)
class Prompt:
    """A system prompt and the version recorded with each analysis made with it."""

    text: str
    version: str


def default_prompt() -> Prompt:
    """The built-in prompt with the executive sections filled in."""
    sections = ", ".join(f'"{section}"' for section in EXECUTIVE_SECTIONS)
    return Prompt(DEFAULT_SYSTEM_PROMPT.format(sections=sections), PROMPT_VERSION)


def resolve_prompt(text: str | None = None, version: str | None = None) -> Prompt:
    """A company's prompt when given (its version, or 'custom'), else the default."""
    if text and text.strip():
        return Prompt(text.strip(), version or "custom")
    return default_prompt()


def system_message(prompt: Prompt) -> str:
    """The system message: the prompt plus the output contract no override may drop."""
    return f"{prompt.text}\n\n{OUTPUT_CONTRACT}"
