"""The knowledge base: typed models of ``data/*.yaml`` and their loader."""

from .loader import KnowledgeBase, KnowledgeError, Problem, load_knowledge

__all__ = ["KnowledgeBase", "KnowledgeError", "Problem", "load_knowledge"]
