"""Admin for packets, their versions and artifacts (read-mostly: versions never change)."""

from django.contrib import admin

from packets.models import Artifact, Packet, PacketVersion


class PacketVersionInline(admin.TabularInline):
    model = PacketVersion
    fields = ["number", "edited", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Packet)
class PacketAdmin(admin.ModelAdmin):
    list_display = ["id", "owner", "job", "design", "engine", "writer", "status", "updated_at"]
    list_filter = ["status", "design", "engine"]
    search_fields = ["owner__username", "job__title", "job__company"]
    raw_id_fields = ["owner", "profile", "job", "match", "background_job"]
    readonly_fields = ["status", "error", "writer", "created_at", "updated_at"]
    inlines = [PacketVersionInline]


class ArtifactInline(admin.TabularInline):
    model = Artifact
    fields = ["document", "format", "content_type", "size", "sha256", "pages"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(PacketVersion)
class PacketVersionAdmin(admin.ModelAdmin):
    list_display = ["id", "packet", "number", "edited", "created_at"]
    raw_id_fields = ["packet"]
    readonly_fields = ["number", "cv", "letter", "requirements", "notes", "ats", "edited", "created_at"]
    inlines = [ArtifactInline]


@admin.register(Artifact)
class ArtifactAdmin(admin.ModelAdmin):
    list_display = ["id", "version", "document", "format", "size", "content_type", "created_at"]
    list_filter = ["document", "format"]
    raw_id_fields = ["version"]
    readonly_fields = ["file", "sha256", "size", "content_type", "pages", "created_at"]
