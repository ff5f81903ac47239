"""Vocabulary schemas: a bounded list of short terms, with Spanish field errors."""
import marshmallow as ma
from marshmallow import validate

MAX_TERMS, MAX_TERM_CHARS = 50, 60


class Term(ma.fields.String):
    """One name as a person would say it: whitespace collapsed, 1-60 characters, no control characters."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = " ".join(super()._deserialize(value, attr, data, **kwargs).split())
        if not text:
            raise ma.ValidationError("El término no puede estar vacío.")
        if len(text) > MAX_TERM_CHARS:
            raise ma.ValidationError(f"Cada término admite como máximo {MAX_TERM_CHARS} caracteres.")
        if not any(ch.isalnum() for ch in text):
            raise ma.ValidationError("El término debe contener letras o números.")
        return text


class VocabularyUpdateSchema(ma.Schema):
    terms = ma.fields.List(Term(), required=True, validate=validate.Length(
        max=MAX_TERMS, error=f"Se admiten como máximo {MAX_TERMS} términos."), metadata={
        "description": "Names Whisper should expect (products, brands, branches), most important first; "
                       "repeats are dropped."})

    @ma.validates("terms")
    def _distinct(self, terms, **kwargs):
        seen = set()
        for term in terms:
            if term.casefold() in seen:
                raise ma.ValidationError(f"El término «{term}» está repetido.")
            seen.add(term.casefold())


class VocabularySchema(ma.Schema):
    company_id = ma.fields.Integer()
    terms = ma.fields.List(ma.fields.String())
    updated_at = ma.fields.DateTime(allow_none=True)
    prompt = ma.fields.String(metadata={
        "description": "What Whisper gets for this company (its name, then the terms), bounded to the prompt "
                       "limit; each evaluation also adds its campaign and branch ahead of the terms."})
