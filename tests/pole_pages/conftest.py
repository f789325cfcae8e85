import pytest
from test_rendering import build_site


@pytest.fixture
def scene(db):
    """The whole site of test_rendering.py, with two items in every list."""
    return build_site(2)
