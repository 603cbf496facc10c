window.YTD.tweets.part0 = [
  {
    "tweet": {
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "deepseek_ai",
            "screen_name": "deepseek_ai",
            "indices": [
              "3",
              "15"
            ],
            "id_str": "1",
            "id": "1"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "73"
      ],
      "favorite_count": "0",
      "id_str": "1786368855769938683",
      "truncated": false,
      "retweet_count": "0",
      "id": "1786368855769938683",
      "created_at": "Fri May 03 12:14:59 +0000 2024",
      "favorited": false,
      "full_text": "RT @deepseek_ai: DeepSeek-V2: a 236B MoE model with 21B active parameters",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1786361306019391295"
          ],
          "editableUntil": "2024-05-03T00:00:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": [
          {
            "url": "https://t.co/xVZMNbL4m5",
            "expanded_url": "https://github.com/deepseek-ai/DeepSeek-V2",
            "display_url": "github.com/deepseek-ai/Dee…",
            "indices": [
              "40",
              "63"
            ]
          }
        ]
      },
      "display_text_range": [
        "0",
        "83"
      ],
      "favorite_count": "25",
      "id_str": "1786361306018801664",
      "truncated": false,
      "retweet_count": "0",
      "id": "1786361306018801664",
      "created_at": "Fri May 03 11:44:59 +0000 2024",
      "favorited": false,
      "full_text": "DeepSeek-V2 공개: 활성 파라미터 21B의 236B MoE 모델 — 오늘 다이제스트에 넣을 후보. https://t.co/xVZMNbL4m5",
      "lang": "ko"
    }
  },
  {
    "tweet": {
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "AnthropicAI",
            "screen_name": "AnthropicAI",
            "indices": [
              "3",
              "15"
            ],
            "id_str": "1",
            "id": "1"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "73"
      ],
      "favorite_count": "0",
      "id_str": "1786315630051745064",
      "truncated": false,
      "retweet_count": "0",
      "id": "1786315630051745064",
      "created_at": "Fri May 03 08:43:29 +0000 2024",
      "favorited": false,
      "full_text": "RT @AnthropicAI: Anthropic launches a Team plan and an iOS app for Claude",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1786308080302536276"
          ],
          "editableUntil": "2024-05-03T00:00:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": [
          {
            "url": "https://t.co/iDBzJ5b6fr",
            "expanded_url": "https://www.anthropic.com/news/team-plan-and-ios",
            "display_url": "www.anthropic.com/news/tea…",
            "indices": [
              "40",
              "63"
            ]
          }
        ]
      },
      "display_text_range": [
        "0",
        "79"
      ],
      "favorite_count": "78",
      "id_str": "1786308080302170529",
      "truncated": false,
      "retweet_count": "0",
      "id": "1786308080302170529",
      "created_at": "Fri May 03 08:13:29 +0000 2024",
      "favorited": false,
      "full_text": "Anthropic, Claude Team 요금제와 iOS 앱 출시 — 오늘 다이제스트에 넣을 후보. https://t.co/iDBzJ5b6fr",
      "lang": "ko"
    }
  },
  {
    "tweet": {
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "SebastienBubeck",
            "screen_name": "SebastienBubeck",
            "indices": [
              "3",
              "19"
            ],
            "id_str": "1",
            "id": "1"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "87"
      ],
      "favorite_count": "0",
      "id_str": "1786198520886848163",
      "truncated": false,
      "retweet_count": "0",
      "id": "1786198520886848163",
      "created_at": "Fri May 03 00:58:08 +0000 2024",
      "favorited": false,
      "full_text": "RT @SebastienBubeck: Microsoft's Phi-3 mini runs on a phone and is open on Hugging Face",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1786190971139734535"
          ],
          "editableUntil": "2024-05-03T00:00:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": [
          {
            "url": "https://t.co/aS5vbTPJT7",
            "expanded_url": "https://huggingface.co/microsoft/Phi-3-mini-4k-instruct",
            "display_url": "huggingface.co/microsoft/P…",
            "indices": [
              "40",
              "63"
            ]
          }
        ]
      },
      "display_text_range": [
        "0",
        "85"
      ],
      "favorite_count": "16",
      "id_str": "1786190971140013571",
      "truncated": false,
      "retweet_count": "16",
      "id": "1786190971140013571",
      "created_at": "Fri May 03 00:28:08 +0000 2024",
      "favorited": false,
      "full_text": "Microsoft Phi-3 mini, 스마트폰에서 구동되는 소형 모델 공개 — 오늘 다이제스트에 넣을 후보. https://t.co/aS5vbTPJT7",
      "lang": "ko"
    }
  },
  {
    "tweet": {
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "upstageai",
            "screen_name": "upstageai",
            "indices": [
              "3",
              "13"
            ],
            "id_str": "1",
            "id": "1"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "63"
      ],
      "favorite_count": "0",
      "id_str": "1786147597845231493",
      "truncated": false,
      "retweet_count": "0",
      "id": "1786147597845231493",
      "created_at": "Thu May 02 21:35:47 +0000 2024",
      "favorited": false,
      "full_text": "RT @upstageai: Upstage Solar Mini tops a Korean LLM leaderboard",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1786140048095343524"
          ],
          "editableUntil": "2024-05-03T00:00:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": [
          {
            "url": "https://t.co/vGgEgbAKCd",
            "expanded_url": "https://www.upstage.ai/feed/product/solar-mini",
            "display_url": "www.upstage.ai/feed/produc…",
            "indices": [
              "40",
              "63"
            ]
          }
        ]
      },
      "display_text_range": [
        "0",
        "76"
      ],
      "favorite_count": "49",
      "id_str": "1786140048098033017",
      "truncated": false,
      "retweet_count": "13",
      "id": "1786140048098033017",
      "created_at": "Thu May 02 21:05:47 +0000 2024",
      "favorited": false,
      "full_text": "업스테이지 Solar Mini, 한국어 LLM 리더보드 1위 — 오늘 다이제스트에 넣을 후보. https://t.co/vGgEgbAKCd",
      "lang": "ko"
    }
  }
]
