"""Locust user for bench_public.py: requests BENCH_PATH back to back, as fast as served."""

import os

from locust import FastHttpUser, constant, task

PATH = os.environ["BENCH_PATH"]


class Reader(FastHttpUser):
    wait_time = constant(0)

    @task
    def read(self) -> None:
        self.client.get(PATH)
