"""Messages are strs: every str method works on them, whatever they carry."""

from ogp_desktop.core.errors import Message, plural_message
from ogp_desktop.core.i18n import translator


def test_a_message_keeps_every_str_method():
    """Message once stored its plural count as `self.count`, which hid str.count: a caller
    counting the lines of a finding got "'NoneType' object is not callable"."""
    plain = Message("{a} and {a}", a=1)
    plural = plural_message("{n} file", "{n} files", 3)
    assert plain.count("and") == 1
    assert plural.count("file") == 1
    assert str(plural) == "3 files"
    assert plural_message("{n} file", "{n} files", 1) == "1 file"


def test_a_plural_message_renders_the_plural_form_of_the_language():
    message = plural_message("{n} file", "{n} files", 3)
    assert message.render(translator("en")) == "3 files"
    assert message.render() == "3 files"
