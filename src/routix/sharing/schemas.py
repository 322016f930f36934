"""Request and response models of sharing: publish, the public item, likes, reports, hide,
shares, a shared version's detail and its comments."""

from __future__ import annotations

from typing import Literal

from pydantic import EmailStr, Field

from routix.api.schemas import RequestModel, ResponseModel
from routix.kit.pagination import PageOut


class PublishBody(RequestModel):
    display_name: str | None = Field(default=None, min_length=1, max_length=100,
                                     description="the name shown on the public page; default: your username")


class PublicationOut(ResponseModel):
    """A version's publication state, as its owner sees it."""

    published: bool
    hidden: bool = Field(description="hidden by a moderator: not public even while published")
    slug: str | None
    url: str | None = Field(description="absolute address of the public page")
    display_name: str | None
    published_at: str | None
    like_count: int
    view_count: int


class RemixOut(ResponseModel):
    prompt: str
    title: str | None
    algorithm: str


class PublicItemOut(ResponseModel):
    """A public item: what anyone may see of a published version."""

    slug: str
    url: str
    title: str
    display_name: str
    category: str | None
    algorithm: str
    style: str | None
    published_at: str | None
    like_count: int
    view_count: int
    liked: bool | None = Field(description="whether you like it; null when not signed in")
    images: dict[str, str] = Field(description="size name (large 1280x720, medium 640x360, small 320x180) -> URL")
    video_url: str | None
    remix: RemixOut = Field(description="the settings a remix starts from (never faces, logos or references)")


class LikeBody(RequestModel):
    liked: bool | None = Field(default=None, description="true: like, false: unlike, absent: toggle")


class LikeOut(ResponseModel):
    liked: bool
    like_count: int


class ReportBody(RequestModel):
    reason: Literal["spam", "abuse", "copyright", "other"]
    note: str = Field(default="", max_length=500)


class HideBody(RequestModel):
    hidden: bool = True
    note: str | None = Field(default=None, max_length=500)


class ShareBody(RequestModel):
    email: EmailStr


class SharedOut(ResponseModel):
    generation_id: str
    title: str
    owner_name: str = Field(description="the owner's display name")
    shared_at: str | None
    thumbnail_url: str | None = Field(description="signed, expiring link")


class SharedListOut(PageOut):
    items: list[SharedOut]


class CommentBody(RequestModel):
    body: str = Field(min_length=1, max_length=2000,
                      description="the comment, 1-2000 characters (surrounding spaces are dropped)")


class CommentOut(ResponseModel):
    """A comment on a shared version."""

    id: str
    author: str = Field(description="the author's display name (never an e-mail address)")
    body: str
    created_at: str | None
    mine: bool = Field(description="written by you")
    by_owner: bool = Field(description="written by the version's owner")


class CommentListOut(PageOut):
    items: list[CommentOut]


class SharedFilesOut(ResponseModel):
    """Signed, expiring links to what the version made (null: the version has no such file)."""

    thumbnail_url: str | None = Field(description="1280x720 JPEG")
    thumbnail_png_url: str | None = Field(description="1280x720 PNG")
    cover_url: str | None = Field(description="3000x3000 JPEG cover")
    psd_url: str | None = Field(description="layered Photoshop file, 16:9")
    psd_square_url: str | None = Field(description="layered Photoshop file, 1:1")
    variants: list[str] = Field(description="the variants' 1280x720 JPEGs, in order")


class SharedVersionOut(ResponseModel):
    """A version as a user it is shared with (or its owner) sees it: nothing of its request
    (prompt, uploaded faces, logos or references) and nothing of the owner but a display name."""

    generation_id: str
    title: str
    owner_name: str = Field(description="the owner's display name")
    yours: bool = Field(description="you own this version")
    shared_at: str | None = Field(description="when it was shared with you (the owner: first shared; null: never)")
    created_at: str | None
    status: str = Field(description="pending ... completed or failed; files appear as they are stored")
    kind: str = Field(description="generate, edit, variant, regenerate or undo")
    description: str | None = Field(description="what an edit changed, in words (null for a first version)")
    files: SharedFilesOut
    comments: CommentListOut = Field(description="the first page of comments, oldest first")


class MessageOut(ResponseModel):
    message: str


class ReportOut(ResponseModel):
    """A report, with the reported item's state (for the moderators)."""

    id: str
    slug: str
    title: str
    reason: str
    note: str
    reported_at: str | None
    published: bool
    hidden: bool
    url: str


class ReportListOut(PageOut):
    items: list[ReportOut]
