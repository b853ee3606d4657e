"""QuickScale blog: Markdown posts rendered safely, categories and tags, drafts and scheduled posts, Atom and RSS
feeds, a sitemap, canonical URLs with Open Graph, Twitter card and JSON-LD tags, and cached pages whose database
reads stay the same whatever the number of posts."""

__version__ = "0.1.0"
