"""How tags are typed: separated by commas only, so "Atlanta Tenants Union" stays one
organization (taggit's default would split it on spaces). Used for every tag field,
through TAGGIT_TAGS_FROM_STRING and TAGGIT_STRING_FROM_TAGS."""


def parse_tags(text: str) -> list[str]:
    names = {" ".join(part.split()) for part in text.split(",")}
    return sorted(name[:100] for name in names if name)


def format_tags(tags) -> str:
    return ", ".join(sorted(tag.name for tag in tags))
