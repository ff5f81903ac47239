"""The arguments parser builds one instance per schema class, for the routes' arguments and the pagination's."""
import marshmallow as ma

from siete.core.api import Blueprint, Parser


class Args(ma.Schema):
    n = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1))


def test_a_schema_class_is_instantiated_once():
    parser = Parser()
    first = parser._get_schema(Args, None)
    assert isinstance(first, Args) and parser._get_schema(Args, None) is first
    instance = Args()
    assert parser._get_schema(instance, None) is instance


def test_the_pagination_parameters_go_through_the_same_parser_class():
    assert isinstance(Blueprint.PAGINATION_ARGUMENTS_PARSER, Parser)


def test_pagination_arguments_are_still_validated(client, db_session):
    from tests.factories import UserFactory, auth_headers

    headers = auth_headers(UserFactory())
    assert client.get("/api/v1/evaluations?page_size=1000", headers=headers).status_code == 422
    assert client.get("/api/v1/evaluations?page=0", headers=headers).status_code == 422
    answer = client.get("/api/v1/evaluations?page=1&page_size=5", headers=headers)
    assert answer.status_code == 200 and "X-Pagination" in answer.headers
