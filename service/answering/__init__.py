"""Answering: cited answers composed from retrieved provisions (extractive by default, or an LLM
checked by the citation verifier), abstention, false premises, conversation, checklists."""
