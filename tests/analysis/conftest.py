"""The fake OpenAI server for the evaluation command's tests."""

from tests.ai.conftest import fake_openai  # noqa: F401
