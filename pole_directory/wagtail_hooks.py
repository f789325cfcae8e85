from wagtail.snippets.models import register_snippet

from .views import DirectoryViewSetGroup

register_snippet(DirectoryViewSetGroup)
