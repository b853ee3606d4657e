from django import forms


class TaskForm(forms.Form):
    title = forms.CharField(label="Task", max_length=200, error_messages={"required": "Write what there is to do."})
