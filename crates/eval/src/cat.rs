//! Reader for CAT XML documents (the MEANTIME format): tokens, TIMEX3 and ENTITY_MENTION
//! markables, ENTITY instances and REFERS_TO links.
//!
//! It keeps only what scoring needs and ignores events, signals, values and temporal links.
//! It does not build text or score anything (see `text` and `score`).

use std::collections::HashMap;

use crate::EvalError;

/// One token of a CAT document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatToken {
    /// Token id (`t_id`).
    pub id: u32,
    /// Sentence number (0 is the title in MEANTIME).
    pub sentence: u32,
    /// The token's characters.
    pub text: String,
}

/// A gold TIMEX3 markable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatTimex {
    /// Markable id.
    pub m_id: String,
    /// Anchored token ids (empty for timexes without a text extent).
    pub tokens: Vec<u32>,
    /// TIMEX3 `type`: DATE, TIME, DURATION, SET.
    pub kind: String,
    /// Normalised `value` ("2008-03-06", "P3Y", "PRESENT_REF").
    pub value: String,
    /// True for the document creation time (`functionInDocument="CREATION_TIME"`).
    pub creation: bool,
}

/// A gold ENTITY_MENTION markable with the type of the entity it refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatMention {
    /// Markable id.
    pub m_id: String,
    /// Anchored token ids.
    pub tokens: Vec<u32>,
    /// `syntactic_type` ("NAM", "PRE.NAM", "NOM", "PRO", "" …).
    pub syntactic_type: String,
    /// `ent_type` of the ENTITY it refers to via REFERS_TO (PER, ORG, LOC, PRO, FIN, MIX).
    pub ent_type: Option<String>,
}

/// One parsed CAT document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CatDoc {
    /// `doc_name` (or `doc_id`) of the document.
    pub name: String,
    /// Tokens in document order.
    pub tokens: Vec<CatToken>,
    /// TIMEX3 markables, the creation time included.
    pub timexes: Vec<CatTimex>,
    /// Entity mentions.
    pub mentions: Vec<CatMention>,
}

impl CatDoc {
    /// The creation-time TIMEX3, if the document has one.
    pub fn creation_time(&self) -> Option<&CatTimex> {
        self.timexes.iter().find(|t| t.creation)
    }
}

fn anchors(node: roxmltree::Node<'_, '_>) -> Vec<u32> {
    node.children()
        .filter(|c| c.has_tag_name("token_anchor"))
        .filter_map(|c| c.attribute("t_id")?.parse().ok())
        .collect()
}

/// Parse one CAT XML document.
pub fn parse(xml: &str) -> Result<CatDoc, EvalError> {
    let tree = roxmltree::Document::parse(xml).map_err(|e| EvalError::Xml(e.to_string()))?;
    let root = tree.root_element();
    let mut doc = CatDoc {
        name: root
            .attribute("doc_name")
            .or_else(|| root.attribute("doc_id"))
            .unwrap_or("")
            .to_string(),
        ..CatDoc::default()
    };
    // ENTITY m_id → ent_type, and mention m_id → ENTITY m_ids it refers to.
    let mut ent_type: HashMap<&str, &str> = HashMap::new();
    let mut refers: HashMap<&str, Vec<&str>> = HashMap::new();
    for node in root.descendants().filter(|n| n.is_element()) {
        match node.tag_name().name() {
            "token" => {
                let id = node.attribute("t_id").and_then(|v| v.parse().ok());
                let sentence = node.attribute("sentence").and_then(|v| v.parse().ok());
                let (Some(id), Some(sentence)) = (id, sentence) else {
                    return Err(EvalError::Xml("token without t_id or sentence".into()));
                };
                doc.tokens.push(CatToken {
                    id,
                    sentence,
                    text: node.text().unwrap_or("").to_string(),
                });
            }
            "TIMEX3" => doc.timexes.push(CatTimex {
                m_id: node.attribute("m_id").unwrap_or("").to_string(),
                tokens: anchors(node),
                kind: node.attribute("type").unwrap_or("").to_string(),
                value: node.attribute("value").unwrap_or("").trim().to_string(),
                creation: node.attribute("functionInDocument") == Some("CREATION_TIME"),
            }),
            "ENTITY_MENTION" => doc.mentions.push(CatMention {
                m_id: node.attribute("m_id").unwrap_or("").to_string(),
                tokens: anchors(node),
                syntactic_type: node.attribute("syntactic_type").unwrap_or("").to_string(),
                ent_type: None,
            }),
            "ENTITY" => {
                if let (Some(m), Some(t)) = (node.attribute("m_id"), node.attribute("ent_type")) {
                    ent_type.insert(m, t);
                }
            }
            "REFERS_TO" => {
                let targets: Vec<&str> = node
                    .children()
                    .filter(|c| c.has_tag_name("target"))
                    .filter_map(|c| c.attribute("m_id"))
                    .collect();
                for s in node.children().filter(|c| c.has_tag_name("source")) {
                    if let Some(m) = s.attribute("m_id") {
                        refers.entry(m).or_default().extend(targets.iter().copied());
                    }
                }
            }
            _ => {}
        }
    }
    for m in &mut doc.mentions {
        m.ent_type = refers
            .get(m.m_id.as_str())
            .and_then(|ts| ts.iter().find_map(|t| ent_type.get(t)))
            .map(|t| t.to_string());
    }
    Ok(doc)
}
