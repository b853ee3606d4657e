"""Views of the sample team-scoped model: a class-based pair and a function view, each the natural way."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.generic import DetailView, ListView

from notes.models import Note
from quickscale_modules.teams.access import TeamMemberRequiredMixin, get_team_object_or_404, team_member_required


def home(request):
    return HttpResponse("home")


class NoteList(TeamMemberRequiredMixin, ListView):
    model = Note
    template_name = "notes/note_list.html"


class NoteDetail(TeamMemberRequiredMixin, DetailView):
    model = Note
    template_name = "notes/note_detail.html"


@team_member_required(role="admin")
def edit_note(request, team_slug, pk):
    note = get_team_object_or_404(request, Note, pk=pk)
    return render(request, "notes/note_detail.html", {"note": note})
