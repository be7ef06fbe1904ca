"""Oracle network: sources, per-source scoring, signed observations, reports, disputes."""

from . import dispute_service, insurance
from ._crypto import NodeKey, Observation, Report, Signature, dev_node_key
from .disputes import DisputeAssessment, DisputeDesk, assess_claim
from .feeds import feed_history, feed_rounds, feed_sources, get_feed, list_feeds
from .firstpass import Claim, FirstPass, Recommendation
from .forecast import Forecaster, read_forecast
from .forecast_net import deploy_forecast, publish_forecast
from .journal import RoundJournal
from .network import OracleNetwork, ReportPolicy, RoundOutcome
from .node import OracleNode, Proposal, RoundContext, SignedObservation
from .onchain import Feed, RoundData, deploy_contract, deploy_feed
from .scoring import Assessment, SourceModel, SourceMonitor
from .severity import SeverityModel
from .simulate import run_simulation
from .simulated import Fault, MarketWorld, SimulatedSource, Storm, WeatherStation, WeatherWorld
from .sources import CsvSource, HttpJsonSource, OnChainSource, Reading, Source, SourceError
from .spec import FeedSpec, load_spec

__all__ = [
    "Assessment", "Claim", "CsvSource", "DisputeAssessment", "DisputeDesk", "Fault", "Feed", "FeedSpec",
    "FirstPass", "Forecaster", "HttpJsonSource", "MarketWorld", "NodeKey", "Observation", "OnChainSource",
    "OracleNetwork", "OracleNode", "Proposal", "Reading", "Recommendation", "Report", "ReportPolicy",
    "RoundContext", "RoundData", "RoundJournal", "RoundOutcome", "SeverityModel", "Signature", "SignedObservation",
    "SimulatedSource", "Source", "SourceError", "SourceModel", "SourceMonitor", "Storm", "WeatherStation",
    "WeatherWorld", "assess_claim", "deploy_contract", "deploy_feed", "deploy_forecast", "dev_node_key",
    "dispute_service", "feed_history", "feed_rounds", "feed_sources", "get_feed", "insurance", "list_feeds",
    "load_spec", "publish_forecast", "read_forecast", "run_simulation",
]
