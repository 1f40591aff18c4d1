from invoke import task
