"""Exports of an SOP's flow to other tools' formats: BPMN 2.0 XML (with diagram) and Mermaid."""
